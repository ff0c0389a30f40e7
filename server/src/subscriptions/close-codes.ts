/**
 * WebSocket close codes of the subscription endpoint. 4400–4499 mirror HTTP statuses, as graphql-ws does;
 * the graphql-ws library itself also uses 4400, 4401 (subscribe before the handshake), 4403, 4406, 4408,
 * 4409, 4429 (a second connection_init) and 4500 — the reason text tells them apart.
 *
 * Limits answered without a close code: a client address with WS_MAX_SOCKETS_PER_ADDRESS sockets open
 * gets HTTP 429 (Retry-After: 10) instead of the WebSocket handshake; a subscribe past
 * WS_MAX_SUBSCRIPTIONS_PER_SOCKET, or an operation over a depth, alias, token or cost limit, gets an
 * `error` message for that operation (BAD_REQUEST, GRAPHQL_VALIDATION_FAILED) and the socket stays open.
 */
export const CloseCodes = {
  /** The server is shutting down (or restarting): reconnect, preferably to another instance. */
  GOING_AWAY: 1001,
  /** Authentication failed at connect (bad, forged or expired token; account gone), or the token expired. */
  UNAUTHORIZED: 4401,
  /**
   * The subscriber did not read its events fast enough: more than the queue limit were pending, and were
   * dropped. 1013 (Try Again Later), which graphql-ws clients retry: reconnect, then refetch. (Not 4429,
   * which graphql-ws reserves for a second connection_init and its clients never retry.)
   */
  TOO_SLOW: 1013,
  /**
   * The service's change stream could not resume (it fell behind the history the database keeps), so changes
   * were never delivered: 1012 (Service Restart), which graphql-ws clients retry. Reconnect, then refetch.
   */
  CHANGES_MISSED: 1012,
  /** A message larger than WS_MAX_PAYLOAD (the standard "message too big", sent by ws without a reason). */
  MESSAGE_TOO_BIG: 1009,
} as const;

export const CloseReasons = {
  SHUTDOWN: 'Server shutting down',
  TOKEN_EXPIRED: 'Token expired',
  TOO_SLOW: 'Subscriber too slow',
  CHANGES_MISSED: 'Changes missed: reconnect and refetch',
  MALFORMED_AUTHORIZATION: 'Invalid authorization: expected "Bearer <token>"',
} as const;

/** A close reason fits in 123 bytes of UTF-8. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}
