import { ObjectId } from 'mongodb';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { notFound } from '../graphql/errors';
import { requireAdmin } from '../graphql/guards';
import { parseId, tryParseId } from '../shared/ids';
import { ListArgs, ListMetadata, pageOf, sortOf } from '../shared/list-args';
import { CreateUserArgs, UpdateUserArgs, UserFilter } from './user.inputs';
import { presentUser, User } from './user.type';

const SORTABLE = {
  id: '_id',
  email: 'email',
  name: 'name',
  role: 'role',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

/** User management: admins only. */
@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { name: 'User', nullable: true })
  async userById(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<User | null> {
    requireAdmin(ctx);
    const objectId = tryParseId(id);
    const doc = objectId && (await ctx.services.users.get(objectId));
    return doc ? presentUser(doc) : null;
  }

  @Query(() => [User])
  async allUsers(
    @Args() list: ListArgs,
    @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<User[]> {
    requireAdmin(ctx);
    const docs = await ctx.services.users.list(
      filter,
      pageOf(list, filter),
      sortOf(list, SORTABLE, { email: 1 }),
    );
    return docs.map(presentUser);
  }

  @Query(() => ListMetadata)
  async _allUsersMeta(
    @Args() _list: ListArgs,
    @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ListMetadata> {
    requireAdmin(ctx);
    return { count: await ctx.services.users.count(filter) };
  }

  @Mutation(() => User)
  async createUser(@Args() args: CreateUserArgs, @Ctx() ctx: RequestContext): Promise<User> {
    const admin = requireAdmin(ctx);
    return presentUser(await ctx.services.users.create(args, new ObjectId(admin.id)));
  }

  @Mutation(() => User)
  async updateUser(@Args() args: UpdateUserArgs, @Ctx() ctx: RequestContext): Promise<User> {
    const admin = requireAdmin(ctx);
    const { id, version, ...changes } = args;
    return presentUser(
      await ctx.services.users.update(parseId('id', id), version, changes, new ObjectId(admin.id)),
    );
  }

  @Mutation(() => User)
  async deleteUser(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<User> {
    const admin = requireAdmin(ctx);
    const objectId = tryParseId(id);
    if (!objectId) throw notFound('User', id);
    return presentUser(await ctx.services.users.delete(objectId, new ObjectId(admin.id)));
  }
}
