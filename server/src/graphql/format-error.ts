import type { GraphQLFormattedError } from 'graphql';
import { domainErrorOf, formatDomainError } from './error-mapping';
import { isDatabaseUnavailable, SERVICE_UNAVAILABLE_MESSAGE } from './service-unavailable';

/**
 * Where domain errors become the contract's codes: services throw them, resolvers let them through, and each
 * leaves as its code and extensions. An unavailable database answers SERVICE_UNAVAILABLE (its address never
 * reaches clients). In production, unexpected errors reach clients as a generic message.
 */
export function formatErrorFor(production: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    const where = formatted.path ? { path: formatted.path } : {};
    if (isDatabaseUnavailable(error)) {
      return { message: SERVICE_UNAVAILABLE_MESSAGE, ...where, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    const domain = domainErrorOf(error);
    if (domain) {
      const { message, extensions } = formatDomainError(domain);
      return { ...formatted, message, extensions: { ...formatted.extensions, ...extensions } };
    }
    const code = formatted.extensions?.code;
    if (!production) return formatted;
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
      return { message: 'Internal server error', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}
