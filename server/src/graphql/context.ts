import type { Logger } from '../logger';
import type { DomainServices } from '../app/domain-services';
import { createLoaders, Loaders } from './loaders';
import { AuthUser, isEditor } from '../auth/auth-user';

/** What a caller may see of unpublished content: editors see drafts, readers published content only. */
export interface Visibility {
  includeDrafts: boolean;
}

/** What every resolver gets: who is asking, what they may see, the services, and this request's loaders. */
export interface RequestContext {
  user: AuthUser | null;
  visibility: Visibility;
  services: DomainServices;
  loaders: Loaders;
  logger: Logger;
  /** The client's address (Express `req.ip`, per TRUST_PROXY) for login throttling; HTTP requests only. */
  clientAddress?: string;
}

/** One request's context, the same for HTTP operations and WebSocket subscriptions. */
export function createRequestContext(
  services: DomainServices,
  user: AuthUser | null,
  logger: Logger,
): RequestContext {
  const visibility = { includeDrafts: isEditor(user) };
  return { user, visibility, services, loaders: createLoaders(services, visibility), logger };
}
