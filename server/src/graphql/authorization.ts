import { ObjectId } from 'mongodb';
import { type AuthChecker, createParameterDecorator } from 'type-graphql';
import type { Role } from '../auth/auth-user';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';
import type { RequestContext } from './context';

/** Who may call a resolver, as declared with `@Authorized(EDITORS)` or `@Authorized(ADMINS)`. */
export const EDITORS: Role[] = ['EDITOR', 'ADMIN'];
export const ADMINS: Role[] = ['ADMIN'];

/**
 * The rule behind `@Authorized`: anonymous callers are UNAUTHENTICATED, callers without one of the declared
 * roles are FORBIDDEN. It throws instead of answering false so that the two cases keep their own codes.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const user = context.user;
  if (!user) throw new UnauthenticatedError();
  if (roles.length === 0 || roles.includes(user.role)) return true;
  throw new ForbiddenError(roles.includes('EDITOR') ? 'Editors only' : 'Admins only');
};

/** The caller's id, as stored in updatedBy and revisions; for resolvers declared `@Authorized`. */
export function CurrentUserId() {
  return createParameterDecorator<RequestContext>(({ context }) => {
    if (!context.user) throw new UnauthenticatedError();
    return new ObjectId(context.user.id);
  });
}
