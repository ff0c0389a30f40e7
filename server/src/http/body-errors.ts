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

/**
 * Answers the request-body errors of /graphql (too large, not JSON, bad encoding) as GraphQL errors in
 * JSON, instead of Express's HTML error page. The body itself is never echoed.
 */
export function graphqlBodyErrors(maxBodyBytes: number): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const { type, status, length } = (error ?? {}) as BodyParserError;
    if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) {
      next(error);
      return;
    }
    let message: string;
    if (type === 'entity.too.large') {
      const size = typeof length === 'number' && length > 0 ? `${formatBytes(length)}, ` : '';
      message = `The request body is too large (${size}more than the limit of ${formatBytes(maxBodyBytes)})`;
    } else if (type === 'entity.parse.failed') {
      message = 'The request body is not valid JSON';
    } else {
      message = `The request body cannot be read (${type})`;
    }
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field: 'body' } }] });
  };
}
