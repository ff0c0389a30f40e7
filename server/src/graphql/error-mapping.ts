import { GraphQLError } from 'graphql';
import { presentAnswer } from '../answers/answer.type';
import type { AnswerDocument } from '../answers/answer.model';
import { presentUser } from '../auth/user.type';
import type { UserDocument } from '../auth/user.model';
import { presentInterview } from '../interviews/interview.type';
import type { InterviewDocument } from '../interviews/interview.model';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  TooManyRequestsError,
  UnavailableError,
} from '../shared/errors';
import { presentSpeaker } from '../speakers/speaker.type';
import type { SpeakerDocument } from '../speakers/speaker.model';
import { isDatabaseUnavailable, SERVICE_UNAVAILABLE_MESSAGE } from './service-unavailable';

/** The error codes of the outside contract (errors[].extensions.code). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** How a CONFLICT shows the stored document: as clients see that type, never the raw record. */
const conflictPresenters: Record<string, (doc: never) => unknown> = {
  Answer: (doc: AnswerDocument) => presentAnswer(doc),
  Interview: (doc: InterviewDocument) => presentInterview(doc),
  Speaker: (doc: SpeakerDocument) => presentSpeaker(doc),
  User: (doc: UserDocument) => presentUser(doc),
};

function presentConflicting(entity: string, current: unknown): unknown {
  const present = conflictPresenters[entity] as ((doc: unknown) => unknown) | undefined;
  return present ? present(current) : null;
}

/** The domain error behind a GraphQL error (resolvers' errors arrive wrapped), if there is one. */
export function domainErrorOf(error: unknown): DomainError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof DomainError) return current;
    current = current instanceof GraphQLError ? current.originalError : current.cause;
  }
  return undefined;
}

/** The contract's code and extensions for a domain error. */
function extensionsOf(error: DomainError): Record<string, unknown> & { code: ErrorCode } {
  if (error instanceof InvalidInputError)
    return { code: 'BAD_USER_INPUT', field: error.field, ...error.details };
  if (error instanceof NotFoundError) return { code: 'NOT_FOUND', entity: error.entity, id: error.id };
  if (error instanceof ConflictError) {
    const current = presentConflicting(error.entity, error.current);
    const merge = error.merge;
    return {
      code: 'CONFLICT',
      entity: error.entity,
      id: error.id,
      current,
      ...(merge
        ? {
            baseVersion: merge.baseVersion,
            base: presentConflicting(error.entity, merge.base),
            theirs: current,
            yours: presentConflicting(error.entity, merge.yours),
            theirsBy: merge.theirsBy ?? [],
            theirsByIds: merge.theirsByIds,
            conflictingFields: merge.conflictingFields,
            keepYours: presentConflicting(error.entity, merge.preferYours),
            keepTheirs: presentConflicting(error.entity, merge.preferTheirs),
          }
        : {}),
    };
  }
  if (error instanceof TooManyRequestsError) {
    return { code: 'TOO_MANY_REQUESTS', retryAfter: error.retryAfterSeconds };
  }
  if (error instanceof UnavailableError) return { code: 'SERVICE_UNAVAILABLE' };
  if (error instanceof ForbiddenError) return { code: 'FORBIDDEN' };
  return { code: 'UNAUTHENTICATED' };
}

/** The HTTP status an error gives the whole response, when it is not the GraphQL default. */
export function httpStatusOf(error: unknown): { status: number; headers?: Map<string, string> } | undefined {
  if (isDatabaseUnavailable(error)) return { status: 503 };
  const domain = domainErrorOf(error);
  if (!domain) return undefined;
  if (domain instanceof TooManyRequestsError) {
    return { status: 429, headers: new Map([['retry-after', String(domain.retryAfterSeconds)]]) };
  }
  if (domain instanceof UnavailableError) return { status: 503 };
  return undefined;
}

/**
 * The one translation of domain errors into GraphQL errors, for errors raised outside a resolver
 * (the HTTP context, the WebSocket handshake) where no formatError runs on their behalf.
 */
export function toGraphQLError(error: unknown, http?: { status: number }): GraphQLError | undefined {
  if (isDatabaseUnavailable(error)) {
    return new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, {
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
  }
  const domain = domainErrorOf(error);
  if (!domain) return undefined;
  const status = http ?? httpStatusOf(domain);
  return new GraphQLError(domain.message, {
    originalError: domain,
    extensions: { ...extensionsOf(domain), ...(status ? { http: status } : {}) },
  });
}

/** The formatted shape of a domain error: its message and the contract's extensions. */
export function formatDomainError(error: DomainError): {
  message: string;
  extensions: Record<string, unknown>;
} {
  return { message: error.message, extensions: extensionsOf(error) };
}
