import { errorCode, startTestService, TestService } from '../../../test/support/service';

describe('production hardening', () => {
  let app: TestService;

  beforeAll(async () => {
    app = await startTestService({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-for-tests' });
  });

  afterAll(async () => {
    await app.stop();
  });

  const INTROSPECTION = '{ __schema { queryType { name } } }';

  it('refuses introspection to anonymous callers with 403 FORBIDDEN', async () => {
    const result = await app.graphql(INTROSPECTION);
    expect(result.status).toBe(403);
    expect(errorCode(result)).toBe('FORBIDDEN');
  });

  it('allows introspection to a logged-in editor (the admin UI needs it)', async () => {
    const token = await app.login();
    const result = await app.graphql<{ __schema: { queryType: { name: string } } }>(INTROSPECTION, {}, token);
    expect(result.data?.__schema.queryType.name).toBe('Query');
  });

  it('masks unexpected errors and sends no stack traces', async () => {
    const token = await app.login();
    await app.service.database.client.close();
    const result = await app.graphql('{ allSpeakers { id } }', {}, token).catch(() => null);
    const anonymous = await app.graphql('{ allSpeakers { id } }');
    for (const response of [result, anonymous].filter((r) => r !== null)) {
      const error = response!.errors?.[0];
      expect(error?.extensions?.stacktrace).toBeUndefined();
      expect(error?.message).not.toMatch(/Mongo|client|topology/i);
    }
  });
});
