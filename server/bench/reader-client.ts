/**
 * The benchmarks' HTTP client, on a worker thread of its own: readers are other machines, so their work
 * (sending, decompressing, parsing responses) must not run on the service's event loop, where it would be
 * counted as the service's time and take the service's CPU when many are in flight. Keep-alive sockets and
 * `accept-encoding: gzip` as a browser sends; each request's time is measured on the client's thread, from
 * sending to the parsed response.
 */
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';

interface PostMessage {
  id: number;
  url: string;
  body: string;
  token?: string;
  headers?: Record<string, string>;
  /** Whether the parsed body goes back to the caller's thread, or only its errors and which fields are null. */
  wholeBody: boolean;
}

type ReplyMessage = { id: number; ms: number; status: number; body: unknown } | { id: number; error: string };

const ROLE = 'bench-reader-client';

/** One POST /graphql; resolves with the HTTP status and the parsed JSON body. */
function postOn(agent: Agent, message: PostMessage): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const target = new URL(message.url);
    const outgoing = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(message.body),
          'accept-encoding': 'gzip',
          ...(message.token ? { authorization: `Bearer ${message.token}` } : {}),
          ...message.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const parse = (bytes: Buffer) => {
            try {
              resolve({ status: response.statusCode ?? 0, body: JSON.parse(bytes.toString('utf8')) });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          };
          const raw = Buffer.concat(chunks);
          if (response.headers['content-encoding'] !== 'gzip') return parse(raw);
          // Inflated here, as a browser does as the bytes arrive, not on libuv's pool: a round trip to another
          // thread per response would be the client's cost counted as the service's.
          let inflated: Buffer;
          try {
            inflated = gunzipSync(raw);
          } catch (error) {
            return reject(error instanceof Error ? error : new Error(String(error)));
          }
          parse(inflated);
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(message.body);
  });
}

/**
 * A GraphQL body without its data: each top-level field as null or `{}`, and the errors. Copying a whole
 * transcript to the caller's thread (the service's, in the benchmarks) would put the readers' work back on the
 * service's loop.
 */
function outcomeOf(body: unknown): {
  data: Record<string, object | null> | null | undefined;
  errors?: unknown;
} {
  const { data, errors } = (body ?? {}) as { data?: Record<string, unknown> | null; errors?: unknown };
  if (data === null || data === undefined) return { data, errors };
  const fields = Object.entries(data).map(([name, value]) => [name, value === null ? null : {}] as const);
  return { data: Object.fromEntries(fields), errors };
}

function serveRequests(): void {
  const port = parentPort;
  if (!port) return;
  const agent = new Agent({ keepAlive: true });
  port.on('message', (message: PostMessage | 'close') => {
    if (message === 'close') {
      agent.destroy();
      port.close();
      return;
    }
    const started = process.hrtime.bigint();
    postOn(agent, message).then(
      ({ status, body }) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const reply = message.wholeBody ? body : outcomeOf(body);
        port.postMessage({ id: message.id, ms, status, body: reply } satisfies ReplyMessage);
      },
      (error: unknown) =>
        port.postMessage({
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies ReplyMessage),
    );
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) serveRequests();

export interface TimedResponse {
  /** Milliseconds on the client's thread from sending the request to the parsed body. */
  ms: number;
  status: number;
  body: unknown;
}

/** GraphQL over HTTP from a thread of its own; any number of requests may be in flight. */
export class ReaderClient {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (reply: TimedResponse) => void; reject: (error: Error) => void }
  >();

  constructor() {
    const hook = require.resolve('@swc-node/register');
    this.worker = new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(__filename)});`, {
      eval: true,
      name: 'bench-readers',
      workerData: { role: ROLE },
    });
    this.worker.unref();
    this.worker.on('message', (reply: ReplyMessage) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply);
    });
    this.worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
  }

  /**
   * `wholeBody: false` gives back only the response's errors and which of its top-level fields are null: for
   * requests that are timed but whose answers are not read, so that the service's thread does not pay for
   * copying them.
   */
  post(
    url: string,
    payload: unknown,
    token?: string,
    headers?: Record<string, string>,
    { wholeBody = true }: { wholeBody?: boolean } = {},
  ): Promise<TimedResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({
        id,
        url: `${url}/graphql`,
        body: JSON.stringify(payload),
        token,
        headers,
        wholeBody,
      } satisfies PostMessage);
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage('close');
    await new Promise((resolve) => this.worker.once('exit', resolve));
  }
}
