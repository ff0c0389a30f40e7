import type { ApolloServerPlugin } from '@apollo/server';
import { errorForLog } from '../../http/log-safety';
import type { RequestContext } from '../context';

/** Logs each GraphQL operation at debug level and every unexpected error with its context. */
export function requestLoggerPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      const startedAt = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
              contextValue.logger.error(
                {
                  err: errorForLog(error.originalError ?? error),
                  operationName,
                  path: error.path,
                  user: contextValue.user?.id,
                },
                'GraphQL operation failed',
              );
            }
          }
        },
        async willSendResponse({ operationName, errors }) {
          contextValue.logger.debug(
            {
              operationName: operationName ?? request.operationName ?? null,
              durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
              errors: errors?.length ?? 0,
              user: contextValue.user?.id ?? null,
            },
            'graphql',
          );
        },
      };
    },
  };
}
