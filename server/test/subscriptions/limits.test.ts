import WebSocket from 'ws';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, LiveClient, rawSocket, waitForSubscribers, wsUrl } from './support';

interface ServerMessage {
  id?: string;
  type: string;
  payload?: unknown;
}

/** Resolves with the first message the server sent for operation `id`. */
function messageFor(messages: unknown[], id: string, timeoutMs = 5000): Promise<ServerMessage> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = messages.find((message) => (message as ServerMessage).id === id);
      if (found) return resolve(found as ServerMessage);
      if (Date.now() - started > timeoutMs) return reject(new Error(`no message for ${id}`));
      setTimeout(check, 10);
    };
    check();
  });
}

/** Opens a WebSocket; resolves with the HTTP status when the server refuses the upgrade, else 101. */
function upgradeStatus(
  app: TestService,
  forwardedFor?: string,
): Promise<{ status: number; socket: WebSocket | null; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
    const socket = new WebSocket(wsUrl(app), 'graphql-transport-ws', { headers });
    socket.once('open', () => resolve({ status: 101, socket, body: '' }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, socket: null, body }));
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

function closeAndWait(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve();
    socket.once('close', () => resolve());
    socket.close();
  });
}

/**
 * The WebSocket endpoint applies the HTTP endpoint's operation limits in graphql-ws's onSubscribe, and caps
 * message size, subscriptions per socket and sockets per client address (all set through the environment).
 */
describe('limits on the WebSocket endpoint', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService({
      WS_MAX_PAYLOAD: '16384',
      WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
      WS_MAX_SOCKETS_PER_ADDRESS: '3',
      TRUST_PROXY: 'loopback',
    });
    token = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('refuses a subscription over the depth, token or cost limit with GRAPHQL_VALIDATION_FAILED and keeps the socket', async () => {
    const client: LiveClient = connect(app, null);
    await client.connected;
    const deep = client.subscribe(
      {},
      'subscription { contentChanged { interview { answers { speaker { answers { interview { answers { speaker { answers { interview { id } } } } } } } } } } }',
    );
    await deep.results.until(() => deep.results.error !== null);
    expect(deep.results.error).toEqual([
      expect.objectContaining({
        message: 'Query depth limit of 10 exceeded, found 11 (MAX_QUERY_DEPTH)',
        extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
      }),
    ]);

    // Depth 6, but each event would carry 1000 entries × 100 answers of their speaker.
    const costly = client.subscribe(
      {},
      'subscription { contentChanged { interview { answers { speaker { answers { text } } } } } }',
    );
    await costly.results.until(() => costly.results.error !== null);
    expect(costly.results.error).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Query cost limit of 20000 exceeded, found \d+ \(MAX_QUERY_COST\)/),
        extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
      }),
    ]);

    const fields = Array.from({ length: 2100 }, () => 'id').join(' ');
    const long = client.subscribe({}, `subscription { contentChanged { ${fields} } }`);
    await long.results.until(() => long.results.error !== null);
    expect(long.results.error).toEqual([
      expect.objectContaining({
        message: 'Token limit of 2000 exceeded (MAX_TOKENS)',
        extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
      }),
    ]);

    const fine = client.subscribe({}, 'subscription { contentChanged { id } }');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fine.results.error).toBeNull();
    fine.unsubscribe();
    await client.dispose();
  });

  it(`answers a subscribe past WS_MAX_SUBSCRIPTIONS_PER_SOCKET with an error, and accepts one once another ends`, async () => {
    const { socket, messages } = await rawSocket(app, token);
    const subscribe = (id: string) =>
      socket.send(
        JSON.stringify({
          id,
          type: 'subscribe',
          payload: { query: 'subscription { contentChanged { id } }' },
        }),
      );
    subscribe('one');
    subscribe('two');
    subscribe('three');
    expect(await messageFor(messages, 'three')).toEqual({
      id: 'three',
      type: 'error',
      payload: [
        expect.objectContaining({
          message:
            'At most 2 subscriptions per connection (WS_MAX_SUBSCRIPTIONS_PER_SOCKET): complete one first',
          extensions: expect.objectContaining({ code: 'BAD_REQUEST' }),
        }),
      ],
    });
    expect(socket.readyState).toBe(WebSocket.OPEN);

    socket.send(JSON.stringify({ id: 'one', type: 'complete' }));
    subscribe('four');
    await waitForSubscribers(app, 2);
    const created = await app.graphql<{ createSpeaker: { id: string } }>(
      'mutation { createSpeaker(name: "Limits Probe") { id } }',
      {},
      token,
    );
    expect(await messageFor(messages, 'four')).toEqual({
      id: 'four',
      type: 'next',
      payload: { data: { contentChanged: { id: created.data?.createSpeaker.id } } },
    });
    await closeAndWait(socket);
  });

  it('closes a socket whose message is over WS_MAX_PAYLOAD with 1009', async () => {
    const { socket, closed } = await rawSocket(app, null);
    const padding = 'x'.repeat(17_000);
    socket.send(
      JSON.stringify({
        id: 'big',
        type: 'subscribe',
        payload: { query: `subscription { contentChanged { id } } # ${padding}` },
      }),
    );
    // 1009 is the standard "message too big"; the ws library sends it without a reason.
    expect(await closed).toMatchObject({ code: 1009 });
  });

  it('refuses a client address its fourth socket with HTTP 429 before the handshake', async () => {
    const open: WebSocket[] = [];
    for (let i = 0; i < 3; i += 1) {
      const attempt = await upgradeStatus(app);
      expect(attempt.status).toBe(101);
      open.push(attempt.socket!);
    }
    const refused = await upgradeStatus(app);
    expect(refused.status).toBe(429);
    expect(refused.body).toBe(
      'At most 3 WebSocket connections per client address (WS_MAX_SOCKETS_PER_ADDRESS)',
    );

    await closeAndWait(open.pop()!);
    // The server counts the socket as gone once its side has closed too.
    let again = await upgradeStatus(app);
    for (let attempt = 0; again.status !== 101 && attempt < 50; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await upgradeStatus(app);
    }
    expect(again.status).toBe(101);
    open.push(again.socket!);
    await Promise.all(open.map(closeAndWait));
  });

  it('counts sockets by the forwarded client address when the proxy is trusted (TRUST_PROXY)', async () => {
    const open: WebSocket[] = [];
    for (let i = 0; i < 3; i += 1) {
      const attempt = await upgradeStatus(app, '203.0.113.7');
      expect(attempt.status).toBe(101);
      open.push(attempt.socket!);
    }
    expect((await upgradeStatus(app, '203.0.113.7')).status).toBe(429);
    const neighbour = await upgradeStatus(app, '203.0.113.8');
    expect(neighbour.status).toBe(101);
    open.push(neighbour.socket!);
    await Promise.all(open.map(closeAndWait));
  });
});
