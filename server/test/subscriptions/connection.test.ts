import { TokenService } from '../../src/auth/tokens';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, rawSocket, userIdOf, waitForSubscribers } from './support';

describe('subscription connections: authentication, expiry and validation', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('refuses a connection with an invalid token: 4401 with a reason', async () => {
    const client = connect(app, 'not-a-token');
    await expect(client.connected).rejects.toThrow(/4401/);
    expect(await client.closed).toMatchObject({
      code: 4401,
      reason: expect.stringMatching(/invalid or has expired/),
    });
    await client.dispose();
  });

  it('refuses a malformed authorization and an expired token', async () => {
    const malformed = connect(app, null, { authorization: `Token ${token}` });
    expect(await malformed.closed).toMatchObject({
      code: 4401,
      reason: 'Invalid authorization: expected "Bearer <token>"',
    });
    await malformed.dispose();

    const adminId = await userIdOf(app, token);
    const expired = new TokenService(app.config.jwtSecret, -10).issue({
      sub: adminId,
      email: 'admin@example.com',
      role: 'ADMIN',
    });
    const late = connect(app, expired.token);
    expect(await late.closed).toMatchObject({ code: 4401 });
    await late.dispose();
  });

  it('closes the socket with 4401 "Token expired" when the token runs out', async () => {
    const adminId = await userIdOf(app, token);
    const shortLived = new TokenService(app.config.jwtSecret, 2).issue({
      sub: adminId,
      email: 'admin@example.com',
      role: 'ADMIN',
    });
    const client = connect(app, shortLived.token);
    await client.connected;
    const sub = client.subscribe();
    await waitForSubscribers(app, 1);
    const closed = await client.closed;
    expect(closed).toEqual(expect.objectContaining({ code: 4401, reason: 'Token expired' }));
    expect(Date.now()).toBeGreaterThanOrEqual(shortLived.expiresAt.getTime() - 1000);
    await sub.results.until(() => sub.results.error !== null || sub.results.done);
    await client.dispose();
  });

  it('answers invalid operations with GraphQL errors and keeps the connection', async () => {
    const client = connect(app, token);
    await client.connected;
    const unknownField = client.subscribe({}, 'subscription { contentChanged { nope } }');
    await unknownField.results.until(() => unknownField.results.error !== null);
    expect(unknownField.results.error).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) }),
    ]);

    const syntax = client.subscribe({}, 'subscription { contentChanged { ');
    await syntax.results.until(() => syntax.results.error !== null);
    expect(syntax.results.error).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED' }) }),
    ]);

    const query = client.subscribe({}, '{ me { id } }');
    await query.results.until(() => query.results.error !== null);
    expect(query.results.error).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/Only subscriptions/),
        extensions: expect.objectContaining({ code: 'BAD_REQUEST' }),
      }),
    ]);

    const badVariable = client.subscribe(
      { interview: { $ne: null } },
      'subscription($interview: ID) { contentChanged(interview_id: $interview) { id } }',
    );
    await badVariable.results.until(() => badVariable.results.error !== null);
    expect(badVariable.results.error).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);

    const fine = client.subscribe();
    await waitForSubscribers(app, 1);
    fine.unsubscribe();
    await client.dispose();
  });

  it('does not serve the subscription over HTTP', async () => {
    const result = await app.graphql('subscription { contentChanged { id } }', {}, token);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.data ?? null).toBeNull();
  });
});

describe('subscription connections in production', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-for-tests' });
    token = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('applies the introspection guard to anonymous sockets and lets editors introspect', async () => {
    const introspect = 'subscription { contentChanged { __type(name: "Answer") { name } } }';
    const anon = connect(app, null);
    await anon.connected;
    const refused = anon.subscribe({}, introspect);
    await refused.results.until(() => refused.results.error !== null);
    // __type is not a field of ContentChange: validation refuses it before the guard would.
    expect(JSON.stringify(refused.results.error)).toMatch(/GRAPHQL_VALIDATION_FAILED|FORBIDDEN/);
    const typename = anon.subscribe({}, 'subscription { contentChanged { __typename } }');
    await waitForSubscribers(app, 1);
    typename.unsubscribe();
    await anon.dispose();
  });

  it('serves a raw graphql-transport-ws client and lets it close normally', async () => {
    const raw = await rawSocket(app, token);
    raw.socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: 'subscription { contentChanged { id } }' },
      }),
    );
    await waitForSubscribers(app, 1);
    raw.socket.close(1000, 'bye');
    expect(await raw.closed).toMatchObject({ code: 1000 });
  });
});

describe('graceful shutdown', () => {
  it('closes every socket with 1001 and stops in bounded time, even with a client that does not answer', async () => {
    const app = await startTestService({}, { subscriptions: { shutdownGraceMs: 500 } });
    const token = await app.login();
    const polite = connect(app, token);
    await polite.connected;
    const sub = polite.subscribe();
    const stuck = await rawSocket(app, null);
    stuck.socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: 'subscription { contentChanged { id } }' },
      }),
    );
    await waitForSubscribers(app, 2);
    stuck.socket.pause();

    const started = Date.now();
    await app.stop();
    const took = Date.now() - started;
    expect(await polite.closed).toMatchObject({ code: 1001, reason: 'Server shutting down', wasClean: true });
    await sub.results.until(() => sub.results.error !== null || sub.results.done);
    stuck.socket.resume();
    expect([1001, 1006]).toContain((await stuck.closed).code);
    expect(took).toBeLessThan(5000);
    expect(app.service.services.contentChanges.subscriberCount).toBe(0);
    await polite.dispose();
  });
});
