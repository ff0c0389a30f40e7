import { startTestService, TestService } from '../../../test/support/service';
import { connect } from '../subscriptions/support';

/** Anything in Authorization other than `Bearer <token>` is refused, never taken for an anonymous call. */
describe('malformed Authorization headers', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  async function postWith(authorization: string) {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ interviews(first: 1) { totalCount } }' }),
    });
    const body = (await response.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    return { status: response.status, body };
  }

  it.each([
    ['Basic credentials', 'Basic YWRtaW46cGFzc3dvcmQ='],
    ['a bare Bearer', 'Bearer'],
    ['Bearer and spaces only', 'Bearer    '],
    ['Bearer with a token containing spaces', 'Bearer abc def'],
    ['Bearer with characters no token has', 'Bearer <script>'],
    ['a token without the scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
  ])('answers %s with 401 UNAUTHENTICATED', async (_name, header) => {
    const { status, body } = await postWith(header);
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message).toMatch(/Bearer <token>/);
  });

  it('answers Bearer with a well-formed but invalid token with 401 too', async () => {
    const { status, body } = await postWith('Bearer not.a-valid_token');
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('still serves a valid token (any case of the scheme) and no header at all', async () => {
    expect((await postWith(`Bearer ${token}`)).status).toBe(200);
    expect((await postWith(`bearer ${token}`)).status).toBe(200);
    const anonymous = await app.graphql<{ interviews: { totalCount: number } }>(
      '{ interviews(first: 1) { totalCount } }',
    );
    expect(anonymous.status).toBe(200);
    expect(anonymous.data?.interviews.totalCount).toBe(0);
  });

  it.each([
    ['a bare Bearer', 'Bearer'],
    ['Basic credentials', 'Basic YWRtaW46cGFzc3dvcmQ='],
    ['a token containing spaces', 'Bearer TOKEN extra'],
  ])('refuses %s on the WebSocket with 4401', async (_name, header) => {
    const client = connect(app, null, { authorization: header.replace('TOKEN', token) });
    await expect(client.connected).rejects.toThrow(/4401/);
    expect(await client.closed).toMatchObject({
      code: 4401,
      reason: expect.stringMatching(/Bearer <token>/),
    });
    await client.dispose();
  });
});
