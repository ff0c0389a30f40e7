import { ObjectId } from 'mongodb';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Answer, presentAnswer } from '../answers/answer.type';
import type { RequestContext } from '../graphql/context';
import { namingConflictEditors } from '../graphql/conflict-editors';
import { CurrentUserId, EDITORS } from '../graphql/authorization';
import { badUserInput, notFound } from '../shared/errors';
import { checkedPage, PAGE_SIZES } from '../graphql/paging';
import { parseId, tryParseId } from '../shared/mongo/ids';
import { languageTag } from '../shared/language';
import { withTranslationGroup } from '../translations/translation.filter';
import { ListArgs, ListMetadata } from '../graphql/list-args';
import { pageOf, sortOf } from '../shared/list-query';
import { presentSpeaker, Speaker } from '../speakers/speaker.type';
import type { SpeakerDocument } from '../speakers/speaker.model';
import { decodeCursor, encodeCursor, InterviewConnection } from './interview.connection';
import { CreateInterviewArgs, InterviewFilter, UpdateInterviewArgs } from './interview.inputs';
import { Interview, InterviewStatusEnum, presentInterview } from './interview.type';

const SORTABLE = {
  id: '_id',
  title: 'title',
  slug: 'slug',
  publisher: 'publisher',
  language: 'language',
  status: 'status',
  publishedAt: 'publishedAt',
  firstPublishedAt: 'firstPublishedAt',
  publishAt: 'publishAt',
  version: 'version',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

const MAX_FIRST = 100;

@Resolver(() => Interview)
export class InterviewResolver {
  @Query(() => Interview, { name: 'Interview', nullable: true })
  async interviewById(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview | null> {
    const objectId = tryParseId(id);
    const doc = objectId && (await ctx.services.interviews.get(objectId, ctx.visibility));
    return doc ? presentInterview(doc) : null;
  }

  @Query(() => Interview, {
    nullable: true,
    description:
      'An interview by slug (drafts for editors only). With `language`: its version in that language, else the ' +
      'original, else any version you may see; `language`, `requestedLanguage` and `languageFallback` say which.',
  })
  async interview(
    @Arg('slug', () => String) slug: string,
    @Arg('language', () => String, { nullable: true, description: 'A BCP 47 tag, e.g. "zh" or "en-GB".' })
    language: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview | null> {
    const found = await ctx.services.translations.versionBySlug(slug, language ?? null, ctx.visibility);
    return found
      ? { ...presentInterview(found.interview), requestedLanguage: found.requestedLanguage }
      : null;
  }

  @Query(() => InterviewConnection, {
    description: 'Interviews for readers, newest first, as a cursor connection.',
    // Each of the `first` edges costs what is selected on it (InterviewConnection.edges counts one).
    complexity: ({ args, childComplexity }) => 1 + Math.max(Number(args.first) || 1, 1) * childComplexity,
  })
  async interviews(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('speaker', () => String, { nullable: true, description: 'A speaker slug or id.' })
    speaker: string | null,
    @Arg('publisher', () => String, { nullable: true }) publisher: string | null,
    @Arg('language', () => String, {
      nullable: true,
      description: 'Only versions in this language (BCP 47).',
    })
    language: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<InterviewConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
      throw badUserInput('first', `must be between 1 and ${MAX_FIRST}`);
    }
    const cursor = after ? decodeCursor(after) : null;
    if (after && !cursor) throw badUserInput('after', 'is not a cursor from this API');
    let speakerId = null;
    if (speaker) {
      const found =
        (await ctx.services.speakers.getBySlug(speaker)) ??
        (tryParseId(speaker) && (await ctx.services.speakers.get(tryParseId(speaker)!)));
      if (!found) {
        return InterviewConnection.of([], { hasNextPage: false, endCursor: null }, () => Promise.resolve(0));
      }
      speakerId = found._id;
    }
    const pageFilter = {
      speakerId,
      publisher: publisher ?? null,
      language: language ? languageTag('language', language) : null,
    };
    const page = await ctx.services.interviews.page({ ...pageFilter, first, after: cursor }, ctx.visibility);
    const edges = page.docs.map((doc) => ({
      cursor: encodeCursor({ publishedAt: doc.publishedAt, id: doc._id.toHexString() }),
      node: presentInterview(doc),
    }));
    return InterviewConnection.of(
      edges,
      { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      () => ctx.services.interviews.pageTotal(pageFilter, ctx.visibility),
    );
  }

  @Query(() => [Interview])
  async allInterviews(
    @Args() list: ListArgs,
    @Arg('filter', () => InterviewFilter, { nullable: true }) filter: InterviewFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview[]> {
    filter = await withTranslationGroup(ctx, filter);
    const docs = await ctx.services.interviews.list(
      filter,
      pageOf(list, filter),
      sortOf(list, SORTABLE, { createdAt: -1, _id: -1 }),
      ctx.visibility,
    );
    return docs.map(presentInterview);
  }

  @Query(() => ListMetadata)
  async _allInterviewsMeta(
    @Args() _list: ListArgs,
    @Arg('filter', () => InterviewFilter, { nullable: true }) filter: InterviewFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ListMetadata> {
    return {
      count: await ctx.services.interviews.count(await withTranslationGroup(ctx, filter), ctx.visibility),
    };
  }

  @Authorized(EDITORS)
  @Mutation(() => Interview)
  async createInterview(
    @Args() args: CreateInterviewArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview> {
    return presentInterview(await ctx.services.interviews.create(args, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => Interview)
  async updateInterview(
    @Args() args: UpdateInterviewArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview> {
    return presentInterview(await namingConflictEditors(ctx, ctx.services.interviews.update(args, userId)));
  }

  @Authorized(EDITORS)
  @Mutation(() => Interview, { description: 'Deletes the interview and all of its entries.' })
  async deleteInterview(
    @Arg('id', () => ID) id: string,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview> {
    const objectId = tryParseId(id);
    if (!objectId) throw notFound('Interview', id);
    return presentInterview(await ctx.services.interviews.delete(objectId, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => Interview)
  async publishInterview(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview> {
    return presentInterview(
      await ctx.services.interviews.setStatus(
        parseId('id', id),
        version,
        InterviewStatusEnum.PUBLISHED,
        userId,
      ),
    );
  }

  @Authorized(EDITORS)
  @Mutation(() => Interview)
  async unpublishInterview(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview> {
    return presentInterview(
      await ctx.services.interviews.setStatus(parseId('id', id), version, InterviewStatusEnum.DRAFT, userId),
    );
  }

  @FieldResolver(() => [Answer], {
    description: `The entries, in order: \`first\` of them (at most ${PAGE_SIZES.interviewAnswers.max}) after skipping \`offset\`; \`answerCount\` tells how many there are.`,
  })
  async answers(
    @Root() interview: Interview,
    @Arg('first', () => Int, { defaultValue: PAGE_SIZES.interviewAnswers.default }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer[]> {
    const page = checkedPage(first, offset, PAGE_SIZES.interviewAnswers.max);
    return (await ctx.loaders.answersOfInterview.load({ id: interview.id, ...page })).map(presentAnswer);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'Editors: when the service is to publish this draft. Always null for readers.',
  })
  publishAt(@Root() interview: Interview, @Ctx() ctx: RequestContext): Date | null {
    return ctx.visibility.includeDrafts ? interview.publishAt : null;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'Editors: when the service is to unpublish it. Always null for readers.',
  })
  unpublishAt(@Root() interview: Interview, @Ctx() ctx: RequestContext): Date | null {
    return ctx.visibility.includeDrafts ? interview.unpublishAt : null;
  }

  @FieldResolver(() => Int, { description: 'How many entries the interview has.' })
  async answerCount(@Root() interview: Interview, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.loaders.answerCountOfInterview.load(interview.id);
  }

  @FieldResolver(() => [Speaker], { description: 'Everyone who asks or answers in it.' })
  async speakers(@Root() interview: Interview, @Ctx() ctx: RequestContext): Promise<Speaker[]> {
    const docs = await ctx.loaders.speaker.loadMany(interview.speaker_ids);
    return docs
      .filter((doc): doc is SpeakerDocument => doc !== null && !(doc instanceof Error))
      .map(presentSpeaker);
  }
}
