import { GraphQLError } from 'graphql';
import {
  MongoClientClosedError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { UnavailableError } from '../shared/errors';

/** Server error codes that mean "cannot write now", not "your request is wrong". */
const UNAVAILABLE_SERVER_CODES = new Set([
  14031, // OutOfDiskSpace
]);

export const SERVICE_UNAVAILABLE_MESSAGE = 'The database is unavailable; try again shortly';

/** True when an error (or what it wraps) means the database cannot be reached or cannot write. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof UnavailableError) return true;
    if (current instanceof GraphQLError && current.extensions?.code === 'SERVICE_UNAVAILABLE') return true;
    if (
      current instanceof MongoNetworkError ||
      current instanceof MongoServerSelectionError ||
      current instanceof MongoNotConnectedError ||
      current instanceof MongoTopologyClosedError ||
      current instanceof MongoClientClosedError ||
      current instanceof MongoServerClosedError ||
      current instanceof MongoOperationTimeoutError
    ) {
      return true;
    }
    if (current instanceof MongoServerError && UNAVAILABLE_SERVER_CODES.has(Number(current.code)))
      return true;
    current = current instanceof GraphQLError ? current.originalError : current.cause;
  }
  return false;
}
