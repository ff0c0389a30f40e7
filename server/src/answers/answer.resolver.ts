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
import type { RequestContext } from '../graphql/context';
import { namingConflictEditors } from '../graphql/conflict-editors';
import { CurrentUserId, EDITORS } from '../graphql/authorization';
import { notFound } from '../shared/errors';
import { Interview, presentInterview } from '../interviews/interview.type';
import { parseId, parseIds, tryParseId } from '../shared/mongo/ids';
import { ListArgs, ListMetadata } from '../graphql/list-args';
import { pageOf, sortOf } from '../shared/list-query';
import { presentSpeaker, Speaker } from '../speakers/speaker.type';
import { AnswerFilter, CreateAnswerArgs, UpdateAnswerArgs } from './answer.inputs';
import { Answer, presentAnswer } from './answer.type';

const SORTABLE = {
  id: '_id',
  interview_id: 'interview_id',
  position: 'position',
  section: 'section',
  question: 'question',
  questioner_id: 'questioner_id',
  text: 'text',
  speaker_id: 'speaker_id',
  version: 'version',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

/** The speaker an entry names; without waiting when this request has read them already (usually the case). */
function speakerOf(ctx: RequestContext, id: string | null): Speaker | null | Promise<Speaker | null> {
  if (!id) return null;
  const read = ctx.loaders.speakerAlreadyRead(id);
  if (read !== undefined) return read && presentSpeaker(read);
  return ctx.loaders.speaker.load(id).then((doc) => doc && presentSpeaker(doc));
}

@Resolver(() => Answer)
export class AnswerResolver {
  @Query(() => Answer, { name: 'Answer', nullable: true })
  async answerById(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Answer | null> {
    const objectId = tryParseId(id);
    const doc = objectId && (await ctx.services.answers.get(objectId, ctx.visibility));
    return doc ? presentAnswer(doc) : null;
  }

  @Query(() => [Answer])
  async allAnswers(
    @Args() list: ListArgs,
    @Arg('filter', () => AnswerFilter, { nullable: true }) filter: AnswerFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer[]> {
    const docs = await ctx.services.answers.list(
      filter,
      pageOf(list, filter),
      sortOf(list, SORTABLE, { interview_id: 1, position: 1 }),
      ctx.visibility,
    );
    return docs.map(presentAnswer);
  }

  @Query(() => ListMetadata)
  async _allAnswersMeta(
    @Args() _list: ListArgs,
    @Arg('filter', () => AnswerFilter, { nullable: true }) filter: AnswerFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ListMetadata> {
    return { count: await ctx.services.answers.count(filter, ctx.visibility) };
  }

  @Authorized(EDITORS)
  @Mutation(() => Answer)
  async createAnswer(
    @Args() args: CreateAnswerArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer> {
    return presentAnswer(await ctx.services.answers.create(args, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => Answer)
  async updateAnswer(
    @Args() args: UpdateAnswerArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer> {
    return presentAnswer(await namingConflictEditors(ctx, ctx.services.answers.update(args, userId)));
  }

  @Authorized(EDITORS)
  @Mutation(() => Answer)
  async deleteAnswer(
    @Arg('id', () => ID) id: string,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer> {
    const objectId = tryParseId(id);
    if (!objectId) throw notFound('Answer', id);
    return presentAnswer(await ctx.services.answers.delete(objectId, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => Answer, { description: 'Moves an entry to a 1-based position; the others are renumbered.' })
  async moveAnswer(
    @Arg('id', () => ID) id: string,
    @Arg('position', () => Int) position: number,
    @Arg('version', () => Int, { nullable: true, description: 'When given, a stale version is refused.' })
    version: number | null,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer> {
    return presentAnswer(
      await ctx.services.answers.move(parseId('id', id), position, version ?? null, userId),
    );
  }

  @Authorized(EDITORS)
  @Mutation(() => [Answer], {
    description: 'Splits an entry at a character offset of its text; returns both parts.',
  })
  async splitAnswer(
    @Arg('id', () => ID) id: string,
    @Arg('offset', () => Int) offset: number,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer[]> {
    const { first, second } = await ctx.services.answers.split(
      parseId('id', id),
      offset,
      version ?? null,
      userId,
    );
    return [presentAnswer(first), presentAnswer(second)];
  }

  @Authorized(EDITORS)
  @Mutation(() => Answer, { description: 'Merges adjacent entries into the first of them.' })
  async mergeAnswers(
    @Arg('ids', () => [ID]) ids: string[],
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer> {
    return presentAnswer(await ctx.services.answers.merge(parseIds('ids', ids), userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => Answer, { description: "Restores the entry's content as of a revision, as a new change." })
  async revertAnswer(
    @Arg('id', () => ID) id: string,
    @Arg('revision_id', () => ID) revisionId: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer> {
    return presentAnswer(
      await ctx.services.answers.revert(
        parseId('id', id),
        parseId('revision_id', revisionId),
        version ?? null,
        userId,
      ),
    );
  }

  // These two take only the id from the entry: with the whole entry as @Root, type-graphql would copy it into
  // a new Answer on every call, twice per entry of a transcript.
  @FieldResolver(() => Speaker, { nullable: true, description: 'Who answered.' })
  speaker(
    @Root('speaker_id') speakerId: string | null,
    @Ctx() ctx: RequestContext,
  ): Speaker | null | Promise<Speaker | null> {
    return speakerOf(ctx, speakerId);
  }

  @FieldResolver(() => Speaker, { nullable: true, description: 'Who asked.' })
  questioner(
    @Root('questioner_id') questionerId: string | null,
    @Ctx() ctx: RequestContext,
  ): Speaker | null | Promise<Speaker | null> {
    return speakerOf(ctx, questionerId);
  }

  @FieldResolver(() => Interview, { nullable: true })
  async interview(@Root() answer: Answer, @Ctx() ctx: RequestContext): Promise<Interview | null> {
    const doc = await ctx.loaders.interview.load(answer.interview_id);
    return doc ? presentInterview(doc) : null;
  }
}
