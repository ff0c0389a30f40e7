/**
 * POST /graphql, which every operation takes, is served without Express's router: it must still be served
 * as every other route is — the same security headers, the same paths Express matched, the same refusal of
 * a body that cannot be read — and the rest of the service must still reach Express.
 */
import { startTestService, type TestService } from '../../../test/support/service';

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'strict-transport-security',
  'cross-origin-opener-policy',
];

describe('POST /graphql beside the routes Express serves', () => {
  let app: TestService;

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  beforeAll(async () => {
    app = await startTestService();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('sends the security headers that every other route sends', async () => {
    const graphql = await post('/graphql', JSON.stringify({ query: '{ __typename }' }));
    const healthz = await fetch(`${app.url}/healthz`);
    expect(graphql.status).toBe(200);
    for (const name of SECURITY_HEADERS) {
      expect(graphql.headers.get(name)).toBeTruthy();
      expect(graphql.headers.get(name)).toBe(healthz.headers.get(name));
    }
    expect(graphql.headers.get('x-powered-by')).toBeNull();
  });

  it.each(['/graphql', '/graphql/', '/GraphQL', '/graphql?operationName=Q'])(
    'answers an operation POSTed to %s, as Express matched it',
    async (path) => {
      const response = await post(path, JSON.stringify({ query: 'query Q { __typename }' }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    },
  );

  it('refuses a body that is not JSON with 400 and a GraphQL error naming the body, stored by no cache', async () => {
    const response = await post('/graphql', '{ "query": ');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'The request body is not valid JSON',
          extensions: { code: 'BAD_USER_INPUT', field: 'body' },
        },
      ],
    });
  });

  it('leaves every other method and path to Express: GET queries, /healthz, unknown paths', async () => {
    const query = encodeURIComponent('{ __typename }');
    const get = await fetch(`${app.url}/graphql?query=${query}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await post('/graphql-nope', '{}')).status).toBe(404);
  });
});
