import type { AuthUser } from '../auth/auth-user';
import type { RequestContext } from '../graphql/context';
import type { SocketBudget } from './subscriber-queue';

/** One authenticated WebSocket connection. */
export interface LiveConnection {
  user: AuthUser | null;
  /** When the connection's token expires (null for anonymous connections). */
  expiresAt: Date | null;
  /** Pending events across the connection's subscriptions. */
  budget: SocketBudget;
}

/** The context of an operation run over the WebSocket: a request context plus its connection. */
export interface LiveRequestContext extends RequestContext {
  live?: LiveConnection;
}
