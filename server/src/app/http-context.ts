import { GraphQLError } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { MALFORMED_AUTHORIZATION, parseAuthorization } from '../auth/tokens';
import { createRequestContext, RequestContext } from '../graphql/context';
import { toGraphQLError } from '../graphql/error-mapping';
import type { Logger } from '../logger';
import { UnauthenticatedError } from '../shared/errors';
import type { DomainServices } from './domain-services';

/** The caller of an HTTP request; a malformed header, a bad or expired token answer 401 UNAUTHENTICATED. */
async function authenticateRequest(services: DomainServices, header: string | undefined) {
  const authorization = parseAuthorization(header);
  if (authorization.kind === 'malformed') {
    throw new GraphQLError(MALFORMED_AUTHORIZATION, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  try {
    return await services.users.authenticate(authorization.kind === 'bearer' ? authorization.token : null);
  } catch (error) {
    // Context errors get no formatError of their own; a refused token is the whole request's 401.
    throw toGraphQLError(error, error instanceof UnauthenticatedError ? { status: 401 } : undefined) ?? error;
  }
}

/**
 * Builds each HTTP GraphQL request's context: who is asking, what they may see, fresh loaders, and the
 * client's address as `clientAddressOf` finds it (TRUST_PROXY applied).
 */
export function httpContext(
  services: DomainServices,
  logger: Logger,
  clientAddressOf: (req: IncomingMessage) => string,
) {
  return async (req: IncomingMessage): Promise<RequestContext> => {
    const user = await authenticateRequest(services, req.headers.authorization);
    return { ...createRequestContext(services, user, logger), clientAddress: clientAddressOf(req) };
  };
}
