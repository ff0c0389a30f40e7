import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable, SERVICE_UNAVAILABLE_MESSAGE } from './service-unavailable';

/**
 * An unavailable database answers SERVICE_UNAVAILABLE (its address never reaches clients). In production,
 * unexpected errors reach clients as a generic message; known codes keep theirs.
 */
export function formatErrorFor(production: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    if (isDatabaseUnavailable(error)) {
      return {
        message: SERVICE_UNAVAILABLE_MESSAGE,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    const code = formatted.extensions?.code;
    if (!production) return formatted;
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
      return {
        message: 'Internal server error',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    return formatted;
  };
}
