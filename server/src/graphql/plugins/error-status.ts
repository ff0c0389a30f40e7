import type { ApolloServerPlugin } from '@apollo/server';
import { httpStatusOf } from '../error-mapping';

/**
 * Errors that concern the whole request set the response's HTTP status: 429 with Retry-After for a throttled
 * login, 503 when the database is unavailable. Other errors keep GraphQL's 200.
 */
export function errorStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          for (const error of errors ?? []) {
            const http = httpStatusOf(error);
            if (!http) continue;
            response.http.status = http.status;
            for (const [name, value] of http.headers ?? []) response.http.headers.set(name, value);
            return;
          }
        },
      };
    },
  };
}
