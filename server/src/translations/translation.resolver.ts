import { ObjectId } from 'mongodb';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Answer, presentAnswer } from '../answers/answer.type';
import { CurrentUserId, EDITORS } from '../graphql/authorization';
import type { RequestContext } from '../graphql/context';
import { Interview, presentInterview } from '../interviews/interview.type';
import { bestLanguageMatch } from '../shared/language';
import { parseId } from '../shared/mongo/ids';
import { ORIGINAL_VERSION, type AlignmentView } from './translation.service';
import { presentStaleness, TranslationAlignment, TranslationStaleness } from './translation.type';

const LANGUAGE_ARGUMENT =
  'A BCP 47 tag (the closest version answers: zh-Hans-CN finds zh), or "original" (the default) for the original version.';

function presentAlignment(view: AlignmentView): TranslationAlignment {
  return {
    original: presentInterview(view.original),
    translation: presentInterview(view.translation),
    rows: view.rows.map((row) => ({
      pair_id: row.pair?.id.toHexString() ?? null,
      original: row.original.map(presentAnswer),
      translation: row.translation.map(presentAnswer),
    })),
  };
}

@Resolver(() => Interview)
export class InterviewTranslationResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True when a language was asked for (interview(slug, language)) and this version is not in it.',
  })
  languageFallback(@Root() interview: Interview): boolean {
    const requested = interview.requestedLanguage;
    if (!requested) return false;
    return bestLanguageMatch(requested, [interview.language]) === null;
  }

  @FieldResolver(() => Boolean, {
    description: 'True for the original of a translation group, and for an interview without translations.',
  })
  async isOriginal(@Root() interview: Interview, @Ctx() ctx: RequestContext): Promise<boolean> {
    const group = await ctx.loaders.translations.group.load(interview.id);
    return !group || group.original_id.toHexString() === interview.id;
  }

  @FieldResolver(() => Interview, {
    nullable: true,
    description:
      'The original this version translates; null when this is the original or you may not see it.',
  })
  async original(@Root() interview: Interview, @Ctx() ctx: RequestContext): Promise<Interview | null> {
    const group = await ctx.loaders.translations.group.load(interview.id);
    if (!group || group.original_id.toHexString() === interview.id) return null;
    const doc = await ctx.loaders.interview.load(group.original_id.toHexString());
    return doc ? presentInterview(doc) : null;
  }

  @FieldResolver(() => [Interview], {
    description: 'The other versions of this interview you may see: the original first, then by language.',
  })
  async translations(@Root() interview: Interview, @Ctx() ctx: RequestContext): Promise<Interview[]> {
    const [group, versions] = await Promise.all([
      ctx.loaders.translations.group.load(interview.id),
      ctx.loaders.translations.versions.load(interview.id),
    ]);
    const isOriginal = (id: ObjectId) => group?.original_id.equals(id) ?? false;
    return versions
      .filter((doc) => doc._id.toHexString() !== interview.id)
      .sort(
        (a, b) =>
          Number(isOriginal(b._id)) - Number(isOriginal(a._id)) || a.language.localeCompare(b.language),
      )
      .map(presentInterview);
  }
}

@Resolver(() => Answer)
export class AnswerTranslationResolver {
  @FieldResolver(() => Answer, {
    nullable: true,
    description:
      'This entry in another version of the interview (best BCP 47 match of `language`): the first, by position, ' +
      'of the entries it is paired with; null when unpaired or not visible to you.',
  })
  async counterpart(
    @Root() answer: Answer,
    @Arg('language', () => String, { defaultValue: ORIGINAL_VERSION, description: LANGUAGE_ARGUMENT })
    language: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer | null> {
    const [first] = await ctx.loaders.translations.counterparts.load({
      answerId: answer.id,
      interviewId: answer.interview_id,
      language,
    });
    return first ? presentAnswer(first) : null;
  }

  @FieldResolver(() => [Answer], {
    description: 'Every entry this one is paired with in that language (two when the translator split it).',
  })
  async counterparts(
    @Root() answer: Answer,
    @Arg('language', () => String, { defaultValue: ORIGINAL_VERSION, description: LANGUAGE_ARGUMENT })
    language: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer[]> {
    const docs = await ctx.loaders.translations.counterparts.load({
      answerId: answer.id,
      interviewId: answer.interview_id,
      language,
    });
    return docs.map(presentAnswer);
  }

  // At most one mark per other language of the group: a few, not the ten an unpaged list is assumed to hold.
  @FieldResolver(() => [TranslationStaleness], {
    complexity: ({ childComplexity }) => 1 + 3 * childComplexity,
    description:
      'Editors: "changed in <language> since translated" marks, with what changed (empty when up to date). ' +
      'Always empty for readers.',
  })
  stale(@Root() answer: Answer, @Ctx() ctx: RequestContext): TranslationStaleness[] {
    if (!ctx.visibility.includeDrafts) return [];
    return (answer.staleMarks ?? []).map(presentStaleness);
  }
}

@Resolver()
export class TranslationResolver {
  @Authorized(EDITORS)
  @Query(() => TranslationAlignment, {
    description: 'How a translation’s entries pair with its original’s, as side-by-side rows.',
  })
  async translationAlignment(
    @Arg('translation_id', () => ID) translationId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<TranslationAlignment> {
    return presentAlignment(
      await ctx.services.translations.alignment(parseId('translation_id', translationId)),
    );
  }

  @Authorized(EDITORS)
  @Mutation(() => Interview, {
    description: 'Makes an interview a version of translationOf’s group, aligned entry n ↔ entry n.',
  })
  async linkTranslation(
    @Arg('interview_id', () => ID) interviewId: string,
    @Arg('translationOf', () => ID) translationOf: string,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview> {
    return presentInterview(await ctx.services.translations.link(interviewId, translationOf, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => Interview, {
    description: 'Takes a translation out of its group (its pairs go); an original with translations cannot.',
  })
  async unlinkTranslation(
    @Arg('interview_id', () => ID) interviewId: string,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview> {
    return presentInterview(await ctx.services.translations.unlink(interviewId, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => TranslationAlignment, {
    description:
      'Pairs these entries of the original with these of the translation (1 to 20 each side); pairs already ' +
      'holding any of them are dissolved first.',
  })
  async alignEntries(
    @Arg('translation_id', () => ID) translationId: string,
    @Arg('original_ids', () => [ID]) originalIds: string[],
    @Arg('translation_ids', () => [ID]) translationIds: string[],
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<TranslationAlignment> {
    return presentAlignment(
      await ctx.services.translations.align(translationId, originalIds, translationIds, userId),
    );
  }

  @Authorized(EDITORS)
  @Mutation(() => TranslationAlignment, {
    description: 'Leaves these entries (of either side) without counterpart in that translation.',
  })
  async unalignEntries(
    @Arg('translation_id', () => ID) translationId: string,
    @Arg('answer_ids', () => [ID]) answerIds: string[],
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<TranslationAlignment> {
    return presentAlignment(await ctx.services.translations.unalign(translationId, answerIds, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => TranslationAlignment, { description: 'Aligns the translation entry n ↔ entry n again.' })
  async resetAlignment(
    @Arg('translation_id', () => ID) translationId: string,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<TranslationAlignment> {
    return presentAlignment(await ctx.services.translations.reset(translationId, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => Answer, {
    description: 'Clears the entry’s stale marks (only the one from `language` when given).',
  })
  async markTranslationDone(
    @Arg('answer_id', () => ID) answerId: string,
    @Arg('language', () => String, { nullable: true }) language: string | null,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer> {
    return presentAnswer(await ctx.services.translations.markDone(answerId, language, userId));
  }
}
