/** Longest piece of a request (a message, a query, a URL) a log line carries. */
export const MAX_LOGGED_TEXT = 500;

/** A prefix of a text for logs, which must never echo a huge input whole. */
export function truncateForLog(text: string, max = MAX_LOGGED_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/**
 * An error as pino's serializer should see it, with its message and stack cut to size: a driver or parser
 * error may quote the whole input that caused it.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: truncateForLog(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: truncateForLog(error.message),
    ...(code !== undefined ? { code } : {}),
    ...(error.stack ? { stack: truncateForLog(error.stack, MAX_LOGGED_TEXT * 4) } : {}),
  };
}
