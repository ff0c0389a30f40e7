import { ObjectId } from 'mongodb';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { presentAnswer } from '../answers/answer.type';
import type { RequestContext } from '../graphql/context';
import { presentInterview } from '../interviews/interview.type';
import { badUserInput } from '../shared/errors';
import { tryParseId } from '../shared/mongo/ids';
import { presentSpeaker } from '../speakers/speaker.type';
import { highlight } from './snippets';
import { languageTag } from '../shared/language';
import { SearchArgsType, SearchHitType, SearchResults, SearchSnippetType } from './search.type';

const MAX_MARKER_LENGTH = 100;

@Resolver(() => SearchHitType)
export class SearchResolver {
  @Query(() => SearchResults, {
    description:
      'Ranked search over entries, interviews and speakers (readers: published content; editors: everything).',
  })
  async search(@Args() args: SearchArgsType, @Ctx() ctx: RequestContext): Promise<SearchResults> {
    const filter = args.filter ?? null;
    for (const field of ['speaker_id', 'interview_id'] as const) {
      const value = filter?.[field];
      if (value !== null && value !== undefined && !tryParseId(value)) {
        throw badUserInput(`filter.${field}`, 'is not an id');
      }
    }
    const page = await ctx.services.search.search(
      {
        query: args.query,
        first: args.first,
        after: args.after,
        filter: filter && {
          speakerId: filter.speaker_id ?? null,
          interviewId: filter.interview_id ?? null,
          publisher: filter.publisher ?? null,
          language: filter.language ? languageTag('filter.language', filter.language) : null,
        },
      },
      ctx.visibility,
    );
    const answerIds = page.hits.flatMap((hit) => (hit.answerId ? [new ObjectId(hit.answerId)] : []));
    const answers = new Map(
      (answerIds.length > 0 ? await ctx.services.answers.getMany(answerIds, ctx.visibility) : []).map(
        (doc) => [doc._id.toHexString(), doc],
      ),
    );
    const hits = await Promise.all(
      page.hits.map(async (hit): Promise<SearchHitType> => {
        const [interview, speaker] = await Promise.all([
          hit.interviewId ? ctx.loaders.interview.load(hit.interviewId) : null,
          hit.speakerId ? ctx.loaders.speaker.load(hit.speakerId) : null,
        ]);
        const answer = hit.answerId ? answers.get(hit.answerId) : undefined;
        return {
          score: hit.score,
          kind: hit.kind,
          interview: interview ? presentInterview(interview) : null,
          answer: answer ? presentAnswer(answer) : null,
          speaker: speaker ? presentSpeaker(speaker) : null,
          rawSnippets: hit.snippets,
        };
      }),
    );
    return {
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      hits,
      facets: page.facets,
    };
  }

  @FieldResolver(() => [SearchSnippetType], {
    description: 'Passages around the matches; `highlighted` wraps each match in the markers given here.',
  })
  snippets(
    @Root() hit: SearchHitType,
    @Arg('highlightStart', () => String, { defaultValue: '<mark>' }) highlightStart: string,
    @Arg('highlightEnd', () => String, { defaultValue: '</mark>' }) highlightEnd: string,
  ): SearchSnippetType[] {
    if (highlightStart.length > MAX_MARKER_LENGTH) {
      throw badUserInput('highlightStart', `must be at most ${MAX_MARKER_LENGTH} characters`);
    }
    if (highlightEnd.length > MAX_MARKER_LENGTH) {
      throw badUserInput('highlightEnd', `must be at most ${MAX_MARKER_LENGTH} characters`);
    }
    return hit.rawSnippets.map((snippet) => ({
      ...snippet,
      highlighted: highlight(snippet, highlightStart, highlightEnd),
    }));
  }
}
