import { apiErrorOf, errorMessage, type ApiErrorInfo } from '../graphql/errors';

/** Any failure as the API's error shape, so it can be shown where it belongs. */
export function toApiError(error: unknown): ApiErrorInfo {
  return apiErrorOf(error) ?? { message: errorMessage(error), code: undefined, extensions: {} };
}

/** The option an error names ("options.title", "title" → "title"; the text itself → "text"). */
export function fieldOf(error: ApiErrorInfo | null): string | null {
  const field = error?.extensions.field;
  if (typeof field !== 'string') return null;
  return field.replace(/^options\./, '');
}

/** The message without the "field: " and "line N: " the service starts it with (shown next to both). */
export function shortMessage(error: ApiErrorInfo | null): string {
  if (!error) return '';
  const field = error.extensions.field;
  let message = error.message;
  if (typeof field === 'string' && message.startsWith(`${field}: `))
    message = message.slice(field.length + 2);
  return message.replace(/^line \d+: /, '');
}

export function lineOf(error: ApiErrorInfo | null): number | null {
  const line = error?.extensions.line;
  return typeof line === 'number' ? line : null;
}
