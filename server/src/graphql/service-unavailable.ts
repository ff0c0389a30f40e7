import type { ApolloServerPlugin } from '@apollo/server';
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

/** Server error codes that mean "cannot write now", not "your request is wrong". */
const UNAVAILABLE_SERVER_CODES = new Set([
  14031, // OutOfDiskSpace
]);

export const SERVICE_UNAVAILABLE_MESSAGE = 'The database is unavailable; try again shortly';

/** True when an error (or what it wraps) means the database cannot be reached or cannot write. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
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

/** The error clients get instead: a distinct code, HTTP 503, no address or driver detail. */
export function serviceUnavailable(): GraphQLError {
  return new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
  });
}

/**
 * Answers HTTP 503 when any error of the operation came from an unavailable database (formatError gives
 * the errors themselves the SERVICE_UNAVAILABLE code).
 */
export function serviceUnavailablePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          if (errors?.some(isDatabaseUnavailable)) response.http.status = 503;
        },
      };
    },
  };
}
