import type { ErrorRequestHandler } from 'express';

/** What body-parser's errors carry. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
  length?: unknown;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** The answer to a request body that cannot be taken: its HTTP status and GraphQL error body. */
export interface BodyErrorAnswer {
  status: number;
  body: { errors: { message: string; extensions: { code: 'BAD_USER_INPUT'; field: 'body' } }[] };
}

/**
 * The answer to body-parser's error for /graphql (too large, not JSON, bad encoding): a GraphQL error in
 * JSON instead of Express's HTML error page. The body itself is never echoed. Undefined for other errors.
 */
export function bodyErrorAnswer(error: unknown, maxBodyBytes: number): BodyErrorAnswer | undefined {
  const { type, status, length } = (error ?? {}) as BodyParserError;
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500)
    return undefined;
  let message: string;
  if (type === 'entity.too.large') {
    const size = typeof length === 'number' && length > 0 ? `${formatBytes(length)}, ` : '';
    message = `The request body is too large (${size}more than the limit of ${formatBytes(maxBodyBytes)})`;
  } else if (type === 'entity.parse.failed') {
    message = 'The request body is not valid JSON';
  } else {
    message = `The request body cannot be read (${type})`;
  }
  return { status, body: { errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field: 'body' } }] } };
}

/** bodyErrorAnswer as Express error middleware, for the GraphQL routes Express serves (GET). */
export function graphqlBodyErrors(maxBodyBytes: number): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const answer = bodyErrorAnswer(error, maxBodyBytes);
    if (!answer) {
      next(error);
      return;
    }
    res.status(answer.status).set('Cache-Control', 'no-store').json(answer.body);
  };
}
