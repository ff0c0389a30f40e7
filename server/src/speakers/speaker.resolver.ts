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
import { Interview, presentInterview } from '../interviews/interview.type';
import type { RequestContext } from '../graphql/context';
import { namingConflictEditors } from '../graphql/conflict-editors';
import { CurrentUserId, EDITORS } from '../graphql/authorization';
import { notFound } from '../shared/errors';
import { checkedPage, PAGE_SIZES } from '../graphql/paging';
import { parseId, tryParseId } from '../shared/mongo/ids';
import { ListArgs, ListMetadata } from '../graphql/list-args';
import { pageOf, sortOf } from '../shared/list-query';
import { CreateSpeakerArgs, SpeakerFilter, UpdateSpeakerArgs } from './speaker.inputs';
import { presentSpeaker, Speaker } from './speaker.type';

const SORTABLE = {
  id: '_id',
  name: 'name',
  title: 'title',
  organization: 'organization',
  slug: 'slug',
  version: 'version',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

@Resolver(() => Speaker)
export class SpeakerResolver {
  @Query(() => Speaker, { name: 'Speaker', nullable: true })
  async speakerById(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Speaker | null> {
    const objectId = tryParseId(id);
    const doc = objectId && (await ctx.services.speakers.get(objectId));
    return doc ? presentSpeaker(doc) : null;
  }

  @Query(() => Speaker, { nullable: true, description: 'A speaker by slug.' })
  async speaker(
    @Arg('slug', () => String) slug: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Speaker | null> {
    const doc = await ctx.services.speakers.getBySlug(slug);
    return doc ? presentSpeaker(doc) : null;
  }

  @Query(() => [Speaker])
  async allSpeakers(
    @Args() list: ListArgs,
    @Arg('filter', () => SpeakerFilter, { nullable: true }) filter: SpeakerFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Speaker[]> {
    const docs = await ctx.services.speakers.list(
      filter,
      pageOf(list, filter),
      sortOf(list, SORTABLE, { name: 1, _id: 1 }),
    );
    return docs.map(presentSpeaker);
  }

  @Query(() => ListMetadata)
  async _allSpeakersMeta(
    @Args() _list: ListArgs,
    @Arg('filter', () => SpeakerFilter, { nullable: true }) filter: SpeakerFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ListMetadata> {
    return { count: await ctx.services.speakers.count(filter) };
  }

  @Authorized(EDITORS)
  @Mutation(() => Speaker)
  async createSpeaker(
    @Args() args: CreateSpeakerArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Speaker> {
    return presentSpeaker(await ctx.services.speakers.create(args, userId));
  }

  @Authorized(EDITORS)
  @Mutation(() => Speaker)
  async updateSpeaker(
    @Args() args: UpdateSpeakerArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Speaker> {
    return presentSpeaker(
      await namingConflictEditors(ctx, ctx.services.speakers.update(parseId('id', args.id), args, userId)),
    );
  }

  @Authorized(EDITORS)
  @Mutation(() => Speaker)
  async deleteSpeaker(
    @Arg('id', () => ID) id: string,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Speaker> {
    const objectId = tryParseId(id);
    if (!objectId) throw notFound('Speaker', id);
    return presentSpeaker(await ctx.services.speakers.delete(objectId, userId));
  }

  @FieldResolver(() => [Interview], {
    description: `Interviews in which this speaker asks or answers, newest first: \`first\` of them (at most ${PAGE_SIZES.speakerInterviews.max}) after skipping \`offset\`.`,
  })
  async interviews(
    @Root() speaker: Speaker,
    @Arg('first', () => Int, { defaultValue: PAGE_SIZES.speakerInterviews.default }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview[]> {
    const page = checkedPage(first, offset, PAGE_SIZES.speakerInterviews.max);
    return (await ctx.loaders.interviewsOfSpeaker.load({ id: speaker.id, ...page })).map(presentInterview);
  }

  @FieldResolver(() => [Answer], {
    description: `This speaker's answers: \`first\` of them (at most ${PAGE_SIZES.speakerAnswers.max}) after skipping \`offset\`.`,
  })
  async answers(
    @Root() speaker: Speaker,
    @Arg('first', () => Int, { defaultValue: PAGE_SIZES.speakerAnswers.default }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Answer[]> {
    const page = checkedPage(first, offset, PAGE_SIZES.speakerAnswers.max);
    return (await ctx.loaders.answersOfSpeaker.load({ id: speaker.id, ...page })).map(presentAnswer);
  }
}
