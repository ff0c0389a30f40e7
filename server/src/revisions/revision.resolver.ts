import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { EDITORS } from '../graphql/authorization';
import { tryParseId } from '../shared/mongo/ids';
import { ListArgs, ListMetadata } from '../graphql/list-args';
import { pageOf, sortOf } from '../shared/list-query';
import { badUserInput } from '../shared/errors';
import { RevisionFilter } from './revision.inputs';
import type { HistoryAccess } from './revision.service';
import { presentRevision, Revision } from './revision.type';

const SORTABLE = {
  id: '_id',
  entity: 'entity',
  entity_id: 'entity_id',
  interview_id: 'interview_id',
  version: 'version',
  action: 'action',
  user_id: 'user_id',
  createdAt: 'createdAt',
};

/** Editors read the history of content; only admins also read that of user accounts. */
function historyAccess(ctx: RequestContext): HistoryAccess {
  return { includeUsers: ctx.user?.role === 'ADMIN' };
}

/** History, read-only and for editors. */
@Resolver(() => Revision)
export class RevisionResolver {
  @Authorized(EDITORS)
  @Query(() => Revision, { name: 'Revision', nullable: true })
  async revisionById(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Revision | null> {
    const access = historyAccess(ctx);
    const objectId = tryParseId(id);
    const doc = objectId && (await ctx.services.revisions.get(objectId, access));
    return doc ? presentRevision(doc) : null;
  }

  @Authorized(EDITORS)
  @Query(() => [Revision], { description: 'Newest first unless sorted otherwise.' })
  async allRevisions(
    @Args() list: ListArgs,
    @Arg('filter', () => RevisionFilter, { nullable: true }) filter: RevisionFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Revision[]> {
    const docs = await ctx.services.revisions.list(
      filter,
      pageOf(list, filter),
      sortOf(list, SORTABLE, { createdAt: -1, _id: -1 }),
      historyAccess(ctx),
    );
    return docs.map(presentRevision);
  }

  @Authorized(EDITORS)
  @Query(() => ListMetadata)
  async _allRevisionsMeta(
    @Args() _list: ListArgs,
    @Arg('filter', () => RevisionFilter, { nullable: true }) filter: RevisionFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ListMetadata> {
    return { count: await ctx.services.revisions.count(filter, historyAccess(ctx)) };
  }

  @Authorized(EDITORS)
  @Query(() => [Revision], {
    description: 'The audit feed: the latest changes across the service, newest first.',
  })
  async recentChanges(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Revision[]> {
    const access = historyAccess(ctx);
    if (limit < 1 || limit > 500) throw badUserInput('limit', 'must be between 1 and 500');
    const docs = await ctx.services.revisions.list(
      undefined,
      { skip: 0, limit },
      { createdAt: -1, _id: -1 },
      access,
    );
    return docs.map(presentRevision);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The name of who made the change.' })
  async user_name(@Root() revision: Revision, @Ctx() ctx: RequestContext): Promise<string | null> {
    return revision.user_id ? ctx.loaders.userName.load(revision.user_id) : null;
  }

  @FieldResolver(() => [String], {
    description: 'Whose changes this one was merged with (empty when it was not a merge).',
  })
  async mergedWith(@Root() revision: Revision, @Ctx() ctx: RequestContext): Promise<string[]> {
    const userIds = revision.merge?.user_ids;
    if (!Array.isArray(userIds)) return [];
    const names = await Promise.all(userIds.map((id) => ctx.loaders.userName.load(String(id))));
    return names.map((name) => name ?? 'someone');
  }
}
