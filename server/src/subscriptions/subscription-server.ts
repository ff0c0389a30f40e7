import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  DocumentNode,
  ExecutionArgs,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  parse,
  specifiedRules,
  validate,
  ValidationRule,
} from 'graphql';
import { CloseCode, Context as WsContext, handleProtocols, makeServer } from 'graphql-ws';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { AuthUser, isEditor } from '../auth/auth-user';
import { bearerToken } from '../auth/tokens';
import { UnauthenticatedError } from '../shared/errors';
import { domainErrorOf } from '../graphql/error-mapping';
import { createRequestContext } from '../graphql/context';
import { formatErrorFor } from '../graphql/format-error';
import {
  asTokenLimitError,
  costLimitError,
  limitParseOptions,
  OperationLimitSettings,
  withoutSuggestions,
} from '../graphql/limits';
import { usesIntrospection } from '../graphql/plugins/introspection-guard';
import type { Logger } from '../logger';
import type { DomainServices } from '../app/domain-services';
import { CloseCodes, closeReason, CloseReasons } from './close-codes';
import type { LiveConnection, LiveRequestContext } from './live-context';
import { LruMap } from './lru';
import { SocketBudget } from './subscriber-queue';

/** Limits of the WebSocket endpoint, from the configuration. */
export interface WebSocketLimitSettings {
  /** WS_MAX_PAYLOAD: largest message a client may send (bytes); a larger one closes the socket with 1009. */
  maxPayloadBytes: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_SOCKET: operations one socket may run at once. */
  maxSubscriptionsPerSocket: number;
  /** WS_MAX_SOCKETS_PER_ADDRESS: open sockets per client address; more are refused with HTTP 429. */
  maxSocketsPerAddress: number;
}

export interface SubscriptionServerOptions extends Partial<WebSocketLimitSettings> {
  /** Path of the WebSocket endpoint (the HTTP GraphQL path). */
  path?: string;
  /** Pending events per socket before it is closed with 1013 (too slow). */
  queueLimit?: number;
  /** Ping interval; a client that misses a pong for as long is dropped (ms). */
  keepAliveMs?: number;
  /** How long a new socket may take to send connection_init (ms). */
  connectionInitTimeoutMs?: number;
  /** After a 1013 or 1012 close, how long the client gets to take the close frame before the socket is cut (ms). */
  slowCloseGraceMs?: number;
  /** On shutdown, how long clients get to complete the close handshake before their sockets are cut (ms). */
  shutdownGraceMs?: number;
}

export interface SubscriptionServerDeps {
  httpServer: Server;
  schema: GraphQLSchema;
  services: DomainServices;
  logger: Logger;
  production: boolean;
  /** Validation rules beyond the specified ones, the same as the HTTP endpoint's. */
  validationRules?: readonly ValidationRule[];
  /** The HTTP endpoint's token and cost limits; none when absent. */
  operationLimits?: OperationLimitSettings;
  /** The client's address for the per-address socket limit (behind a proxy: the forwarded one). */
  clientAddress?: (request: IncomingMessage) => string;
  options?: SubscriptionServerOptions;
}

export interface SubscriptionServer {
  /** Open WebSocket connections. */
  readonly connections: number;
  /** Refuses new connections, closes open ones with 1001 (cutting those that do not answer), and stops. */
  close(): Promise<void>;
}

type ConnectionParams = Record<string, unknown>;
interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  live?: LiveConnection;
  expiryTimer?: NodeJS.Timeout;
}
type Ctx = WsContext<ConnectionParams, Extra>;

/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * GraphQL subscriptions over WebSocket (graphql-ws, protocol graphql-transport-ws) on the HTTP server's
 * GraphQL path. Sockets authenticate once, in connection_init, with the same bearer tokens as HTTP, and are
 * closed when their token expires. Operations get the HTTP endpoint's validation rules and, in production,
 * its introspection guard; only subscriptions are served here (queries and mutations go over HTTP).
 */
export function attachSubscriptionServer(deps: SubscriptionServerDeps): SubscriptionServer {
  const { httpServer, schema, services, production } = deps;
  const options = deps.options ?? {};
  const path = options.path ?? '/graphql';
  const logger = deps.logger.child({ component: 'subscriptions' });
  const rules = [...specifiedRules, ...(deps.validationRules ?? [])];
  const formatError = formatErrorFor(production);
  const operationLimits = deps.operationLimits;
  const parseOptions = operationLimits ? limitParseOptions(operationLimits) : undefined;
  // As over HTTP, production does not leak schema names through "Did you mean …" suggestions.
  const validationFailed = (error: GraphQLError) => {
    const coded = withCode(error, 'GRAPHQL_VALIDATION_FAILED');
    if (production) coded.message = withoutSuggestions(coded.message);
    return coded;
  };
  // Many subscribers send the same operation: parse and validate each text once.
  const validated = new LruMap<string, DocumentNode>(500);
  const checkDocument = (query: string): DocumentNode | GraphQLError[] => {
    const known = validated.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query, parseOptions);
    } catch (error) {
      return [asTokenLimitError(error) ?? withCode(error, 'GRAPHQL_PARSE_FAILED')];
    }
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0) return invalid.map(validationFailed);
    if (query.length <= 20_000) validated.set(query, document);
    return document;
  };
  let closing = false;

  const maxPayloadBytes = options.maxPayloadBytes ?? 64 * 1024;
  const maxSocketsPerAddress = options.maxSocketsPerAddress ?? Infinity;
  const clientAddress = deps.clientAddress ?? ((request) => request.socket.remoteAddress ?? 'unknown');
  const socketsByAddress = new Map<string, number>();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxPayloadBytes,
    handleProtocols: (protocols) => handleProtocols(protocols),
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== path || closing) {
      const status = closing ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    // Refused before the handshake: no WebSocket is set up for a client over its share.
    const address = clientAddress(request);
    const open = socketsByAddress.get(address) ?? 0;
    if (open >= maxSocketsPerAddress) {
      logger.warn(
        { address, limit: maxSocketsPerAddress },
        'WebSocket refused: too many sockets from one address',
      );
      const body = `At most ${maxSocketsPerAddress} WebSocket connections per client address (WS_MAX_SOCKETS_PER_ADDRESS)`;
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 10\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    socketsByAddress.set(address, open + 1);
    const release = () => {
      const left = (socketsByAddress.get(address) ?? 1) - 1;
      if (left > 0) socketsByAddress.set(address, left);
      else socketsByAddress.delete(address);
    };
    // The connection's own socket: it closes whether the handshake fails or the WebSocket ends.
    socket.once('close', release);
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);

  const closeSocket = (socket: WebSocket, code: number, reason: string) => {
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
      socket.close(code, closeReason(reason));
    }
  };

  const refuse = (ctx: Ctx, reason: string): false => {
    logger.debug({ reason }, 'WebSocket connection refused');
    closeSocket(ctx.extra.socket, CloseCodes.UNAUTHORIZED, reason);
    return false;
  };

  const server = makeServer<ConnectionParams, Extra>({
    schema,
    connectionInitWaitTimeout: options.connectionInitTimeoutMs ?? 3000,
    onConnect: async (ctx) => {
      const header = authorizationOf(ctx.connectionParams);
      if (header !== undefined && typeof header !== 'string')
        return refuse(ctx, CloseReasons.MALFORMED_AUTHORIZATION);
      let user: AuthUser | null = null;
      let expiresAt: Date | null = null;
      if (header) {
        const token = bearerToken(header);
        if (!token) return refuse(ctx, CloseReasons.MALFORMED_AUTHORIZATION);
        try {
          user = await services.users.authenticate(token);
        } catch (error) {
          if (error instanceof UnauthenticatedError) return refuse(ctx, error.message);
          throw error;
        }
        expiresAt = services.users.tokens.verify(token)?.expiresAt ?? new Date();
      }
      const socket = ctx.extra.socket;
      // The client may have gone while its token was checked.
      if (socket.readyState !== WebSocket.OPEN) return false;
      const budget = new SocketBudget(options.queueLimit ?? 1000, (cause) => {
        if (cause === 'too-slow') {
          logger.warn(
            { user: user?.id ?? null, limit: budget.limit },
            'Closing a subscriber that does not keep up',
          );
          closeSocket(socket, CloseCodes.TOO_SLOW, CloseReasons.TOO_SLOW);
        } else {
          closeSocket(socket, CloseCodes.CHANGES_MISSED, CloseReasons.CHANGES_MISSED);
        }
        // A client that does not read will not read the close frame either.
        const cut = setTimeout(() => socket.terminate(), options.slowCloseGraceMs ?? 10_000);
        cut.unref();
        socket.once('close', () => clearTimeout(cut));
      });
      ctx.extra.live = { user, expiresAt, budget };
      if (expiresAt) scheduleExpiry(ctx, expiresAt);
      logger.debug({ user: user?.id ?? null }, 'WebSocket connection accepted');
      return true;
    },
    onSubscribe: (ctx, _id, payload) => {
      const live = ctx.extra.live;
      if (!live) return [new GraphQLError('Not connected', { extensions: { code: 'UNAUTHENTICATED' } })];
      const maxSubscriptions = options.maxSubscriptionsPerSocket ?? 100;
      // graphql-ws has already registered this one.
      if (Object.keys(ctx.subscriptions).length > maxSubscriptions) {
        return [
          new GraphQLError(
            `At most ${maxSubscriptions} subscriptions per connection (WS_MAX_SUBSCRIPTIONS_PER_SOCKET): complete one first`,
            { extensions: { code: 'BAD_REQUEST', limit: 'WS_MAX_SUBSCRIPTIONS_PER_SOCKET' } },
          ),
        ];
      }
      const checked = checkDocument(payload.query);
      if (Array.isArray(checked)) return checked;
      const document = checked;
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        return [
          new GraphQLError('Unable to identify the operation to run', {
            extensions: { code: 'BAD_REQUEST' },
          }),
        ];
      }
      if (operation.operation !== 'subscription') {
        return [
          new GraphQLError(
            'Only subscriptions are served over WebSocket: send queries and mutations with POST /graphql',
            {
              extensions: { code: 'BAD_REQUEST' },
            },
          ),
        ];
      }
      if (production && !isEditor(live.user) && usesIntrospection(document)) {
        return [
          new GraphQLError('Introspection is available to editors only', {
            extensions: { code: 'FORBIDDEN' },
          }),
        ];
      }
      const variables = getVariableValues(
        schema,
        operation.variableDefinitions ?? [],
        payload.variables ?? {},
      );
      if (variables.errors) return variables.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
      if (operationLimits) {
        const tooCostly = costLimitError(schema, operationLimits, {
          document,
          variables: payload.variables ?? undefined,
          operationName: payload.operationName,
          user: live.user,
        });
        if (tooCostly) return [tooCostly];
      }
      const contextValue: LiveRequestContext = { ...createRequestContext(services, live.user, logger), live };
      const args: ExecutionArgs = {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue,
      };
      return args;
    },
    onNext: (_ctx, _id, _payload, _args, result) => {
      if (!result.errors?.length) return undefined;
      for (const error of result.errors) logUnexpected(logger, error);
      return {
        ...result,
        errors: result.errors.map((error) => formatError(withDefaultCode(error.toJSON()), error)),
      };
    },
    onError: (_ctx, _id, _payload, errors) => {
      for (const error of errors) logUnexpected(logger, error);
      return errors.map((error) => formatError(withDefaultCode(error.toJSON()), error));
    },
    onClose: (ctx, code, reason) => {
      if (ctx.extra.expiryTimer) clearTimeout(ctx.extra.expiryTimer);
      logger.debug({ code, reason, user: ctx.extra.live?.user?.id ?? null }, 'WebSocket connection closed');
    },
  });

  const internalError = (socket: WebSocket, error: unknown) => {
    logger.error({ err: error }, 'WebSocket connection failed');
    const message = error instanceof Error ? error.message : String(error);
    closeSocket(socket, CloseCode.InternalServerError, production ? 'Internal server error' : message);
  };

  const keepAliveMs = options.keepAliveMs ?? 12_000;
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    socket.once('error', (error: Error & { code?: string }) => {
      // ws closes the socket itself with 1009 (WS_MAX_PAYLOAD): the client's doing, not ours.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        logger.warn({ limit: maxPayloadBytes }, 'WebSocket message too big: closed with 1009');
        return;
      }
      internalError(socket, error);
    });
    // A client that misses a pong for a whole interval is gone: cut it so its subscriptions end.
    let alive = true;
    socket.on('pong', () => (alive = true));
    const pinger = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      if (socket.readyState === WebSocket.OPEN) socket.ping();
    }, keepAliveMs);
    pinger.unref();
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== WebSocket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => closeSocket(socket, code ?? 1000, reason ?? ''),
        onMessage: (handle) =>
          socket.on('message', (data: RawData) => {
            handle(textOf(data)).catch((error: unknown) => internalError(socket, error));
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(pinger);
      closed(code, reason.toString()).catch((error: unknown) =>
        logger.error({ err: error }, 'WebSocket close failed'),
      );
    });
  });

  function scheduleExpiry(ctx: Ctx, expiresAt: Date): void {
    const wait = expiresAt.getTime() - Date.now();
    ctx.extra.expiryTimer = setTimeout(
      () => {
        if (Date.now() < expiresAt.getTime()) return scheduleExpiry(ctx, expiresAt);
        closeSocket(ctx.extra.socket, CloseCodes.UNAUTHORIZED, CloseReasons.TOKEN_EXPIRED);
      },
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    ctx.extra.expiryTimer.unref();
  }

  let closed: Promise<void> | undefined;
  return {
    get connections() {
      return wss.clients.size;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        const sockets = [...wss.clients];
        for (const socket of sockets) closeSocket(socket, CloseCodes.GOING_AWAY, CloseReasons.SHUTDOWN);
        await allClosed(sockets, options.shutdownGraceMs ?? 3000);
        for (const socket of sockets) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        httpServer.off('upgrade', onUpgrade);
        logger.debug({ sockets: sockets.length }, 'Subscription server closed');
      })();
      return closed;
    },
  };
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

function authorizationOf(params: Readonly<ConnectionParams> | undefined): unknown {
  if (!params) return undefined;
  const value = params.authorization ?? params.Authorization;
  return value === null || value === '' ? undefined : value;
}

function withCode(error: unknown, code: string): GraphQLError {
  if (!(error instanceof GraphQLError)) return new GraphQLError(String(error), { extensions: { code } });
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

function withDefaultCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code !== undefined) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
}

function logUnexpected(logger: Logger, error: GraphQLError): void {
  const code = error.extensions?.code;
  if (domainErrorOf(error)) return;
  if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
    logger.error({ err: error.originalError ?? error, path: error.path }, 'GraphQL subscription failed');
  }
}

function allClosed(sockets: readonly WebSocket[], timeoutMs: number): Promise<void> {
  const open = sockets.filter((socket) => socket.readyState !== WebSocket.CLOSED);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let remaining = open.length;
    const timer = setTimeout(resolve, timeoutMs);
    for (const socket of open) {
      socket.once('close', () => {
        remaining -= 1;
        if (remaining === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}
