import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { tryParseId } from '../shared/mongo/ids';
import { LoginResult, presentUser, User } from './user.type';

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, { description: 'Exchanges credentials for a bearer token.' })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginResult> {
    const { issued, user } = await ctx.services.users.login(email, password, ctx.clientAddress);
    return { token: issued.token, expiresAt: issued.expiresAt, user: presentUser(user) };
  }

  @Query(() => User, { nullable: true, description: 'The logged-in user, or null for anonymous callers.' })
  async me(@Ctx() ctx: RequestContext): Promise<User | null> {
    const id = ctx.user && tryParseId(ctx.user.id);
    const doc = id && (await ctx.services.users.get(id));
    return doc ? presentUser(doc) : null;
  }
}
