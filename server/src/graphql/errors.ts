import { GraphQLError } from 'graphql';

/** The error codes of the outside contract (errors[].extensions.code). */
export type ErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR';

export function badUserInput(
  field: string,
  message: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', field, ...extra },
  });
}

export function notFound(entity: string, id: string): GraphQLError {
  return new GraphQLError(`${entity} ${id} not found`, { extensions: { code: 'NOT_FOUND', entity, id } });
}

export function conflict(
  entity: string,
  id: string,
  expectedVersion: number,
  current: unknown,
): GraphQLError {
  return new GraphQLError(
    `${entity} ${id} was changed by someone else (you edited version ${expectedVersion}); reload and reapply your change`,
    { extensions: { code: 'CONFLICT', entity, id, current } },
  );
}

export function unauthenticated(message = 'You must be logged in'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(message = 'You are not allowed to do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
