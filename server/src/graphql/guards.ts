import { ObjectId } from 'mongodb';
import { AuthUser, isEditor } from '../auth/auth-user';
import type { RequestContext } from './context';
import { forbidden, unauthenticated } from './errors';

/** The caller, who must be an editor or an admin. */
export function requireEditor(ctx: RequestContext): AuthUser {
  if (!ctx.user) throw unauthenticated();
  if (!isEditor(ctx.user)) throw forbidden('Editors only');
  return ctx.user;
}

export function requireAdmin(ctx: RequestContext): AuthUser {
  if (!ctx.user) throw unauthenticated();
  if (ctx.user.role !== 'ADMIN') throw forbidden('Admins only');
  return ctx.user;
}

/** The editor's id, as stored in updatedBy and revisions. */
export function editorId(ctx: RequestContext): ObjectId {
  return new ObjectId(requireEditor(ctx).id);
}

export function canSeeDrafts(ctx: RequestContext): boolean {
  return isEditor(ctx.user);
}
