import type { Logger } from '../logger';
import type { Services } from '../services';
import type { Loaders } from './loaders';
import type { AuthUser } from '../auth/auth-user';

/** What every resolver gets: who is asking, the services, and this request's batching loaders. */
export interface RequestContext {
  user: AuthUser | null;
  services: Services;
  loaders: Loaders;
  logger: Logger;
  /** The client's address (Express `req.ip`, per TRUST_PROXY) for login throttling; HTTP requests only. */
  clientAddress?: string;
}
