import { Client, createClient, FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestService } from '../../../test/support/service';

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

/** The fields of every event the tests look at. */
export const CHANGE_FIELDS =
  'type entity id interview_id version action changedFields user_id revision_id createdAt';

export interface ChangeEvent {
  type: 'CREATED' | 'UPDATED' | 'DELETED';
  entity: 'SPEAKER' | 'INTERVIEW' | 'ANSWER';
  id: string;
  interview_id: string | null;
  version: number | null;
  action: string;
  changedFields: string[];
  user_id: string | null;
  revision_id: string | null;
  createdAt: string;
  answer?: { id: string; position: number; text: string; interview_id: string } | null;
  interview?: { id: string; title: string; status: string } | null;
  speaker?: { id: string; name: string; title: string | null } | null;
}

export const SUBSCRIPTION = `subscription($interview: ID) {
  contentChanged(interview_id: $interview) {
    ${CHANGE_FIELDS}
    answer { id position text interview_id }
    interview { id title status }
    speaker { id name title }
  }
}`;

export function wsUrl(app: TestService): string {
  return `${app.url.replace(/^http/, 'ws')}/graphql`;
}

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean?: boolean;
}

function closeInfoOf(event: unknown): CloseInfo {
  const { code, reason, wasClean } = (event ?? {}) as {
    code?: unknown;
    reason?: unknown;
    wasClean?: unknown;
  };
  return {
    code: typeof code === 'number' ? code : -1,
    reason: String(reason ?? ''),
    ...(typeof wasClean === 'boolean' ? { wasClean } : {}),
  };
}

/** What a sink received, with a way to wait for what a test expects. */
export class Collector<T> {
  readonly items: T[] = [];
  error: unknown = null;
  done = false;
  private readonly listeners = new Set<() => void>();

  push(item: T): void {
    this.items.push(item);
    this.notify();
  }

  fail(error: unknown): void {
    this.error = error;
    this.notify();
  }

  complete(): void {
    this.done = true;
    this.notify();
  }

  /** Resolves with the items once `predicate` holds; rejects on timeout or when the stream ends first. */
  until(predicate: (items: T[]) => boolean, timeoutMs = 5000, what = 'the expected items'): Promise<T[]> {
    if (predicate(this.items)) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => {
      const stop = (error?: Error) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve(this.items);
      };
      const describe = () =>
        `${what}; got ${JSON.stringify(this.items)}${this.error ? `, error ${JSON.stringify(closeOrError(this.error))}` : ''}`;
      const check = () => {
        if (predicate(this.items)) stop();
        else if (this.error || this.done) stop(new Error(`the stream ended before ${describe()}`));
      };
      const timer = setTimeout(
        () => stop(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`)),
        timeoutMs,
      );
      this.listeners.add(check);
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function closeOrError(error: unknown): unknown {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'code' in error) return closeInfoOf(error);
  return error;
}

export interface LiveClient {
  client: Client;
  /** Resolves when the server acknowledged the connection; rejects when it closed it first. */
  connected: Promise<void>;
  /** Resolves with the first close of the socket. */
  closed: Promise<CloseInfo>;
  subscribe(variables?: Record<string, unknown>, query?: string): Subscription;
  dispose(): Promise<void>;
}

export interface Subscription {
  results: Collector<Result>;
  /** The contentChanged payloads received so far. */
  events(): ChangeEvent[];
  /** Waits for an event matching `expected` (a partial) among those from index `from` on. */
  waitFor(
    expected: DeepPartial<ChangeEvent>,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<ChangeEvent>;
  unsubscribe(): void;
}

export type DeepPartial<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends object ? DeepPartial<NonNullable<T[K]>> | null : T[K];
};

/** A graphql-ws client on the service, with a bearer token when given; it does not retry. */
export function connect(
  app: TestService,
  token?: string | null,
  params?: Record<string, unknown>,
): LiveClient {
  let onConnected: () => void = () => undefined;
  let onFailed: (error: unknown) => void = () => undefined;
  let onClosed: (info: CloseInfo) => void = () => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    onConnected = resolve;
    onFailed = reject;
  });
  connected.catch(() => undefined);
  const closed = new Promise<CloseInfo>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: wsUrl(app),
    webSocketImpl: WebSocket,
    connectionParams: params ?? (token ? { authorization: `Bearer ${token}` } : {}),
    lazy: false,
    retryAttempts: 0,
    keepAlive: 0,
    onNonLazyError: (error) => onFailed(error),
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const info = closeInfoOf(event);
        onFailed(new Error(`closed ${info.code} ${info.reason}`));
        onClosed(info);
      },
    },
  });

  return {
    client,
    connected,
    closed,
    subscribe(variables = {}, query = SUBSCRIPTION) {
      const results = new Collector<Result>();
      const unsubscribe = client.subscribe<Record<string, unknown>>(
        { query, variables },
        {
          next: (value) => results.push(value),
          error: (error) => results.fail(error),
          complete: () => results.complete(),
        },
      );
      const events = () =>
        results.items
          .map((result) => result.data?.contentChanged as ChangeEvent | undefined)
          .filter((event): event is ChangeEvent => event !== undefined);
      return {
        results,
        events,
        async waitFor(expected, options = {}) {
          const from = options.from ?? 0;
          const found = () =>
            events()
              .slice(from)
              .find((event) => matches(event, expected));
          await results.until(
            () => found() !== undefined,
            options.timeoutMs ?? 5000,
            `an event like ${JSON.stringify(expected)}`,
          );
          return found()!;
        },
        unsubscribe,
      };
    },
    async dispose() {
      await client.dispose();
    },
  };
}

/** True when `actual` has every field of `expected` (recursively; arrays compared whole). */
export function matches(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) {
    return JSON.stringify(actual) === JSON.stringify(expected);
  }
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) =>
    matches((actual as Record<string, unknown>)[key], value),
  );
}

/** Waits until the instance has at least `count` live subscriptions (each counts once its stream is open). */
export async function waitForSubscribers(app: TestService, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (app.service.services.contentChanges.subscriberCount < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${count} subscribers (have ${app.service.services.contentChanges.subscriberCount})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the instance has at most `count` live subscriptions. */
export async function waitForSubscribersAtMost(
  app: TestService,
  count: number,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (app.service.services.contentChanges.subscriberCount > count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for at most ${count} subscribers`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The id of the user behind a token. */
export async function userIdOf(app: TestService, token: string): Promise<string> {
  const result = await app.graphql<{ me: { id: string } }>('{ me { id } }', {}, token);
  if (!result.data?.me) throw new Error(`me failed: ${JSON.stringify(result.errors)}`);
  return result.data.me.id;
}

/** A raw graphql-transport-ws socket, for tests that misbehave on purpose. */
export async function rawSocket(
  app: TestService,
  token: string | null,
): Promise<{ socket: WebSocket; messages: unknown[]; closed: Promise<CloseInfo> }> {
  const socket = new WebSocket(wsUrl(app), 'graphql-transport-ws');
  const messages: unknown[] = [];
  const closed = new Promise<CloseInfo>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const acked = new Promise<void>((resolve, reject) => {
    socket.on('message', (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as { type?: string };
      messages.push(message);
      if (message.type === 'connection_ack') resolve();
    });
    void closed.then((info) => reject(new Error(`closed ${info.code} ${info.reason}`)));
  });
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }),
  );
  await acked;
  return { socket, messages, closed };
}
