/**
 * One shape for the errors the API sends (errors[0].message and errors[0].extensions: code, field, line,
 * current), whichever layer wrapped them: Apollo's ApolloError, react-admin's HttpError, or our own.
 */
import type { GraphQLFormattedError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'NETWORK_ERROR'
  | string;

export interface ApiErrorInfo {
  message: string;
  code: ErrorCode | undefined;
  extensions: Record<string, unknown>;
  status?: number;
}

/**
 * Thrown by the admin's data provider and operations. A BAD_USER_INPUT naming a field also carries
 * `body.errors = { [field]: message }`, which react-admin forms show under that input.
 */
export class ApiError extends Error implements ApiErrorInfo {
  readonly code: ErrorCode | undefined;
  readonly extensions: Record<string, unknown>;
  readonly status?: number;
  readonly graphQLErrors: readonly GraphQLFormattedError[];
  readonly body: { errors: Record<string, string> } | undefined;

  constructor(info: ApiErrorInfo, errors: readonly GraphQLFormattedError[] = []) {
    super(info.message);
    this.name = 'ApiError';
    this.code = info.code;
    this.extensions = info.extensions;
    this.status = info.status;
    this.graphQLErrors = errors;
    const field = info.extensions.field;
    this.body =
      info.code === 'BAD_USER_INPUT' && typeof field === 'string'
        ? {
            errors: {
              [field]: info.message.startsWith(`${field}: `)
                ? info.message.slice(field.length + 2)
                : info.message,
            },
          }
        : undefined;
  }
}

/** Any error as an ApiError (unknown ones keep their message). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const info = apiErrorOf(error);
  if (info) return new ApiError(info);
  return new ApiError({
    message: error instanceof Error ? error.message : String(error),
    code: undefined,
    extensions: {},
  });
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function fromFormatted(errors: unknown, status?: number): ApiErrorInfo | null {
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const first = record(errors[0]);
  if (!first) return null;
  const extensions = record(first.extensions) ?? {};
  return {
    message: typeof first.message === 'string' ? first.message : 'Request failed',
    code: typeof extensions.code === 'string' ? extensions.code : undefined,
    extensions,
    status,
  };
}

/** The API error inside `error`, or null when it is not one. */
export function apiErrorOf(error: unknown): ApiErrorInfo | null {
  const e = record(error);
  if (!e) return null;
  if (error instanceof ApiError) return error;
  if (error instanceof Error && error.name === 'AbortError') return null;
  // ApolloError: graphQLErrors, or a networkError whose result carries errors (HTTP 400/401).
  const fromGraphQL = fromFormatted(e.graphQLErrors);
  if (fromGraphQL) return fromGraphQL;
  const network = record(e.networkError);
  if (network) {
    const status = typeof network.statusCode === 'number' ? network.statusCode : undefined;
    const fromNetwork = fromFormatted(record(network.result)?.errors, status);
    if (fromNetwork) return fromNetwork;
    return {
      message: typeof network.message === 'string' ? network.message : 'Network error',
      code: status === 401 ? 'UNAUTHENTICATED' : 'NETWORK_ERROR',
      extensions: {},
      status,
    };
  }
  // react-admin's HttpError: the Apollo error is its body.
  if ('body' in e && e.body !== undefined && e.body !== error) {
    const inner = apiErrorOf(e.body);
    if (inner)
      return { ...inner, status: inner.status ?? (typeof e.status === 'number' ? e.status : undefined) };
  }
  const direct = fromFormatted(e.errors);
  if (direct) return direct;
  return null;
}

export function errorCode(error: unknown): ErrorCode | undefined {
  return apiErrorOf(error)?.code;
}

/** A sentence for a notification. */
export function errorMessage(error: unknown): string {
  const info = apiErrorOf(error);
  if (info) {
    const line = typeof info.extensions.line === 'number' ? ` (line ${info.extensions.line})` : '';
    return `${info.message}${line}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The current document a CONFLICT carries, if `error` is one. */
export function conflictOf<T>(error: unknown): T | null {
  const info = apiErrorOf(error);
  if (info?.code !== 'CONFLICT') return null;
  const current = record(info.extensions.current);
  return current ? (current as T) : null;
}

/** A CONFLICT from a three-way merge (an update sent with baseVersion): the three versions and both resolutions. */
export interface MergeConflict<T> {
  base: T;
  theirs: T;
  yours: T;
  /** Who saved the versions after the base. */
  theirsBy: string[];
  conflictingFields: string[];
  /** The current document with my changes winning where they overlap (their other changes kept). */
  keepYours: T;
  /** The current document with theirs winning where they overlap (my other changes kept). */
  keepTheirs: T;
}

export function mergeConflictOf<T>(error: unknown): MergeConflict<T> | null {
  const info = apiErrorOf(error);
  if (info?.code !== 'CONFLICT') return null;
  const { base, theirs, yours, keepYours, keepTheirs } = info.extensions;
  const documents = [base, theirs, yours, keepYours, keepTheirs].map(record);
  if (documents.some((doc) => !doc)) return null;
  const names = info.extensions.theirsBy;
  const fields = info.extensions.conflictingFields;
  return {
    base: documents[0] as T,
    theirs: documents[1] as T,
    yours: documents[2] as T,
    keepYours: documents[3] as T,
    keepTheirs: documents[4] as T,
    theirsBy: Array.isArray(names) ? names.map(String) : [],
    conflictingFields: Array.isArray(fields) ? fields.map(String) : [],
  };
}

/** "Ana" or "Ana and Ben" — who saved the versions an edit was merged with. */
export function namesOf(names: readonly string[]): string {
  if (names.length === 0) return 'someone else';
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
