import type { GraphQLFormattedError } from 'graphql';

/** In production, unexpected errors reach clients as a generic message; known codes keep theirs. */
export function formatErrorFor(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
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
