import { ObjectId } from 'mongodb';
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { CurrentUserId, ADMINS } from '../graphql/authorization';
import { notFound } from '../shared/errors';
import { parseId, tryParseId } from '../shared/mongo/ids';
import { ListArgs, ListMetadata } from '../graphql/list-args';
import { pageOf, sortOf } from '../shared/list-query';
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
  @Authorized(ADMINS)
  @Query(() => User, { name: 'User', nullable: true })
  async userById(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<User | null> {
    const objectId = tryParseId(id);
    const doc = objectId && (await ctx.services.users.get(objectId));
    return doc ? presentUser(doc) : null;
  }

  @Authorized(ADMINS)
  @Query(() => [User])
  async allUsers(
    @Args() list: ListArgs,
    @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<User[]> {
    const docs = await ctx.services.users.list(
      filter,
      pageOf(list, filter),
      sortOf(list, SORTABLE, { email: 1 }),
    );
    return docs.map(presentUser);
  }

  @Authorized(ADMINS)
  @Query(() => ListMetadata)
  async _allUsersMeta(
    @Args() _list: ListArgs,
    @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ListMetadata> {
    return { count: await ctx.services.users.count(filter) };
  }

  @Authorized(ADMINS)
  @Mutation(() => User)
  async createUser(
    @Args() args: CreateUserArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<User> {
    return presentUser(await ctx.services.users.create(args, userId));
  }

  @Authorized(ADMINS)
  @Mutation(() => User)
  async updateUser(
    @Args() args: UpdateUserArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<User> {
    const { id, version, ...changes } = args;
    return presentUser(await ctx.services.users.update(parseId('id', id), version, changes, userId));
  }

  @Authorized(ADMINS)
  @Mutation(() => User)
  async deleteUser(
    @Arg('id', () => ID) id: string,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<User> {
    const objectId = tryParseId(id);
    if (!objectId) throw notFound('User', id);
    return presentUser(await ctx.services.users.delete(objectId, userId));
  }
}
