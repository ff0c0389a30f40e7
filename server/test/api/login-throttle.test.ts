import { ok } from '../../../test/support/fixtures';
import { ADMIN, startTestService, TestService } from '../../../test/support/service';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const MAX_PER_ACCOUNT = 5;
const MAX_PER_ADDRESS = 12;
/** Small limits and a one-second first block keep the test fast; production defaults are larger. */
const THROTTLE_ENV = {
  LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_PER_ACCOUNT),
  LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_PER_ADDRESS),
  LOGIN_FAILURE_WINDOW: '10m',
  LOGIN_BLOCK_DURATION: '10m',
};

interface LoginAnswer {
  status: number;
  retryAfterHeader: string | null;
  code: unknown;
  retryAfter: unknown;
  token: string | undefined;
  elapsedMs: number;
}

/** One login over HTTP; `from` is sent as X-Forwarded-For (believed only when TRUST_PROXY says so). */
async function login(app: TestService, email: string, password: string, from?: string): Promise<LoginAnswer> {
  const startedAt = performance.now();
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
  const body = (await response.json()) as {
    data?: { login: { token: string } } | null;
    errors?: { extensions?: Record<string, unknown> }[];
  };
  return {
    status: response.status,
    retryAfterHeader: response.headers.get('retry-after'),
    code: body.errors?.[0]?.extensions?.code,
    retryAfter: body.errors?.[0]?.extensions?.retryAfter,
    token: body.data?.login.token,
    elapsedMs: performance.now() - startedAt,
  };
}

async function failTimes(app: TestService, times: number, email: string, from?: string) {
  const answers: LoginAnswer[] = [];
  for (let i = 0; i < times; i++) answers.push(await login(app, email, `wrong-password-${i}`, from));
  return answers;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('login throttling', () => {
  let app: TestService;
  /** A second instance on the same database, trusting no proxy (the default). */
  let other: TestService;
  /**
   * One whose blocks last a second, for watching them end. The others block for minutes, so that a block
   * cannot run out between two requests of a test on a slow machine.
   */
  let shortBlocks: TestService;
  let adminToken: string;

  beforeAll(async () => {
    app = await startTestService({ ...THROTTLE_ENV, TRUST_PROXY: 'loopback' });
    other = await startTestService({ ...THROTTLE_ENV, MONGODB_DB: app.config.databaseName });
    shortBlocks = await startTestService({
      ...THROTTLE_ENV,
      LOGIN_BLOCK_DURATION: '1',
      TRUST_PROXY: 'loopback',
      MONGODB_DB: app.config.databaseName,
    });
    adminToken = await app.login();
  });

  afterAll(async () => {
    await shortBlocks?.stop();
    await other?.stop();
    await app?.stop();
  });

  async function createEditor(email: string, password: string) {
    await ok(
      app,
      'mutation($e: String!, $p: String!) { createUser(email: $e, role: EDITOR, password: $p) { id } }',
      { e: email, p: password },
      adminToken,
    );
  }

  it('refuses the right password after repeated failures with 429 TOO_MANY_REQUESTS and retryAfter', async () => {
    await createEditor('target@example.com', 'the-right-password');
    const failures = await failTimes(app, MAX_PER_ACCOUNT, 'target@example.com', '198.51.100.1');
    expect(failures.map((answer) => answer.code)).toEqual(Array(MAX_PER_ACCOUNT).fill('UNAUTHENTICATED'));

    // From another address too: the block is the account's.
    const blocked = await login(app, 'Target@Example.com ', 'the-right-password', '198.51.100.2');
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.status).toBe(429);
    expect(blocked.retryAfter).toBeGreaterThan(0);
    expect(blocked.retryAfterHeader).toBe(String(blocked.retryAfter));
    expect(blocked.token).toBeUndefined();
  });

  it('holds the block across two instances sharing the database', async () => {
    await createEditor('shared@example.com', 'the-right-password');
    await failTimes(app, MAX_PER_ACCOUNT, 'shared@example.com', '198.51.100.3');
    const onOther = await login(other, 'shared@example.com', 'the-right-password');
    expect(onOther.code).toBe('TOO_MANY_REQUESTS');
    expect(onOther.retryAfter).toBeGreaterThan(0);
  });

  it('lets the account in after the block, forgets its failures on success, and blocks longer each time', async () => {
    await createEditor('patient@example.com', 'the-right-password');
    await failTimes(shortBlocks, MAX_PER_ACCOUNT, 'patient@example.com', '198.51.100.4');
    const first = await login(shortBlocks, 'patient@example.com', 'the-right-password', '198.51.100.4');
    expect(first).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: 1 });

    await sleep(1100);
    await failTimes(shortBlocks, MAX_PER_ACCOUNT, 'patient@example.com', '198.51.100.4');
    const second = await login(shortBlocks, 'patient@example.com', 'the-right-password', '198.51.100.4');
    expect(second).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: 2 });

    await sleep(2100);
    // From a fresh address from here on, so that only the account's count is at play.
    expect(
      (await login(shortBlocks, 'patient@example.com', 'the-right-password', '198.51.100.14')).token,
    ).toEqual(expect.any(String));
    // The success reset the count: as many failures as before are allowed again, and no more.
    const again = await failTimes(shortBlocks, MAX_PER_ACCOUNT, 'patient@example.com', '198.51.100.14');
    expect(again.every((answer) => answer.code === 'UNAUTHENTICATED')).toBe(true);
    const third = await login(shortBlocks, 'patient@example.com', 'the-right-password', '198.51.100.14');
    expect(third).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: 1 });
  });

  it('answers an unknown account exactly like a known one, in similar time', async () => {
    await createEditor('known@example.com', 'the-right-password');
    const known: LoginAnswer[] = [];
    const unknown: LoginAnswer[] = [];
    // Interleaved, so that load on the machine affects both alike.
    for (let i = 0; i <= MAX_PER_ACCOUNT; i++) {
      known.push(await login(app, 'known@example.com', `wrong-password-${i}`, '198.51.100.5'));
      unknown.push(await login(app, 'nobody@example.com', `wrong-password-${i}`, '198.51.100.6'));
    }
    const codes = (answers: LoginAnswer[]) => answers.map((answer) => [answer.status, answer.code]);
    expect(codes(unknown)).toEqual(codes(known));
    expect(known.at(-1)?.code).toBe('TOO_MANY_REQUESTS');

    // The fastest of each kind is what the work costs; slower ones only show other load on the machine.
    const fastest = (answers: LoginAnswer[]) =>
      Math.min(...answers.slice(0, MAX_PER_ACCOUNT).map((answer) => answer.elapsedMs));
    const ratio = fastest(unknown) / fastest(known);
    // Without the dummy-hash compare an unknown email answers over ten times faster.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('limits failures per client address across accounts, without blocking the accounts elsewhere', async () => {
    const failures: LoginAnswer[] = [];
    for (let i = 0; i < MAX_PER_ADDRESS; i++) {
      failures.push(await login(app, `guess-${i}@example.com`, 'wrong-password', '203.0.113.7'));
    }
    expect(failures.every((answer) => answer.code === 'UNAUTHENTICATED')).toBe(true);

    const fromThatAddress = await login(app, ADMIN.email, ADMIN.password, '203.0.113.7');
    expect(fromThatAddress.code).toBe('TOO_MANY_REQUESTS');
    expect(fromThatAddress.retryAfter).toBeGreaterThan(0);
    expect((await login(app, ADMIN.email, ADMIN.password, '203.0.113.8')).token).toEqual(expect.any(String));
  });

  it('keys IPv6 clients by their /64 network', async () => {
    for (let i = 0; i < MAX_PER_ADDRESS; i++) {
      await login(app, `v6-guess-${i}@example.com`, 'wrong-password', `2001:db8:1:2::${i + 10}`);
    }
    const sameNetwork = await login(app, ADMIN.email, ADMIN.password, '2001:db8:1:2:ffff::20');
    expect(sameNetwork.code).toBe('TOO_MANY_REQUESTS');
    expect((await login(app, ADMIN.email, ADMIN.password, '2001:db8:1:3::10')).token).toEqual(
      expect.any(String),
    );
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set, so a client cannot pick its own address', async () => {
    for (let i = 0; i < MAX_PER_ADDRESS; i++) {
      await login(other, `spoof-${i}@example.com`, 'wrong-password', `192.0.2.${i + 1}`);
    }
    const spoofed = await login(other, ADMIN.email, ADMIN.password, '192.0.2.200');
    expect(spoofed.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('password policy', () => {
  let app: TestService;
  let adminToken: string;

  beforeAll(async () => {
    app = await startTestService();
    adminToken = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const CREATE =
    'mutation($e: String!, $p: String!) { createUser(email: $e, role: EDITOR, password: $p) { id version } }';
  const ASCII_72 = 'a-password-of-exactly-seventy-two-bytes-'.padEnd(72, 'x');

  it.each([
    ['eight spaces', ' '.repeat(8), /at least 12 characters/],
    ['eleven characters', 'abcdefghijk', /at least 12 characters/],
    ['only whitespace', ' \t'.repeat(8), /only whitespace/],
    ['73 ASCII bytes', `${ASCII_72}y`, /at most 72 bytes/],
    ['37 accented letters (74 bytes)', 'é'.repeat(37), /at most 72 bytes/],
  ])(
    'refuses %s with BAD_USER_INPUT naming the field and the rule, writing nothing',
    async (_, password, rule) => {
      const result = await app.graphql(CREATE, { e: 'refused@example.com', p: password }, adminToken);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
      expect(result.errors?.[0].message).toMatch(rule);
      expect(
        await app.service.database.db.collection('users').countDocuments({ email: 'refused@example.com' }),
      ).toBe(0);
    },
  );

  it('applies the same rules to updateUser', async () => {
    const created = await ok<{ createUser: { id: string; version: number } }>(
      app,
      CREATE,
      { e: 'updated@example.com', p: 'a-good-password' },
      adminToken,
    );
    const update = await app.graphql(
      'mutation($id: ID!, $v: Int!, $p: String) { updateUser(id: $id, version: $v, password: $p) { version } }',
      { id: created.createUser.id, v: created.createUser.version, p: ' '.repeat(12) },
      adminToken,
    );
    expect(update.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    await app.login('updated@example.com', 'a-good-password');
  });

  it('counts every byte: a longer password sharing the first 72 bytes does not log in', async () => {
    await ok(app, CREATE, { e: 'longest@example.com', p: ASCII_72 }, adminToken);
    await app.login('longest@example.com', ASCII_72);
    const longer = await app.graphql(LOGIN, { e: 'longest@example.com', p: `${ASCII_72}-and-more` });
    expect(longer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
