import { ConflictError } from '../shared/errors';
import type { RequestContext } from './context';

/**
 * Runs an update; when it ends in a merge CONFLICT, names the editors who saved in between (the domain
 * knows their ids only), so the client can say whose changes overlap with the caller's.
 */
export async function namingConflictEditors<T>(ctx: RequestContext, update: Promise<T>): Promise<T> {
  try {
    return await update;
  } catch (error) {
    if (error instanceof ConflictError && error.merge) {
      const names = await Promise.all(error.merge.theirsByIds.map((id) => ctx.loaders.userName.load(id)));
      error.merge.theirsBy = names.map((name) => name ?? 'someone');
    }
    throw error;
  }
}
