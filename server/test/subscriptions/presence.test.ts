import { createInterview, ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, LiveClient } from './support';

const PRESENCE = `subscription($interview: ID!, $session: String!) {
  presence(interview_id: $interview, session: $session) { interview_id editors { session name answer_id } }
}`;

interface PresenceEvent {
  editors: { session: string; name: string; answer_id: string | null }[];
}

/** Who has an interview open, seen from another instance of the service on the same database. */
describe('presence', () => {
  let a: TestService;
  let b: TestService;
  let admin: string;
  let editor: string;

  beforeAll(async () => {
    a = await startTestService();
    b = await startTestService({ MONGODB_DB: a.config.databaseName });
    admin = await a.login();
    await ok(
      a,
      'mutation { createUser(email: "eve@example.com", name: "Eve Editor", role: EDITOR, password: "editor-password-1") { id } }',
      {},
      admin,
    );
    editor = await a.login('eve@example.com', 'editor-password-1');
  });

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('shows who has the interview open and which entry they edit, and drops them when their socket goes', async () => {
    const fixture = await createInterview(a, admin, { count: 2 });
    const watcher: LiveClient = connect(a, admin);
    const eve: LiveClient = connect(b, editor);
    await Promise.all([watcher.connected, eve.connected]);
    const seen = watcher.subscribe({ interview: fixture.interviewId, session: 'watcher-tab-1' }, PRESENCE);
    const events = () =>
      seen.results.items.map((item) => item.data?.presence as PresenceEvent | undefined).filter(Boolean);
    const last = () => events()[events().length - 1];
    await seen.results.until(() => last()?.editors.length === 1, 5000, 'the watcher alone');

    eve.subscribe({ interview: fixture.interviewId, session: 'eve-tab-0001' }, PRESENCE);
    await seen.results.until(
      () => last()?.editors.some((e) => e.name === 'Eve Editor') ?? false,
      5000,
      'Eve present (she is on the other instance)',
    );

    const entry = fixture.answers[1].id;
    const reported = await ok<{ reportPresence: boolean }>(
      b,
      'mutation($i: ID!, $a: ID) { reportPresence(interview_id: $i, session: "eve-tab-0001", answer_id: $a) }',
      { i: fixture.interviewId, a: entry },
      editor,
    );
    expect(reported.reportPresence).toBe(true);
    await seen.results.until(
      () => last()?.editors.some((e) => e.name === 'Eve Editor' && e.answer_id === entry) ?? false,
      5000,
      'Eve editing entry 2',
    );

    const goneAt = Date.now();
    await eve.dispose();
    await seen.results.until(
      () => (last()?.editors ?? []).every((e) => e.name !== 'Eve Editor'),
      5000,
      'Eve gone',
    );
    expect(Date.now() - goneAt).toBeLessThan(5000);
    await watcher.dispose();
  }, 30_000);

  it('refuses readers and a malformed session', async () => {
    const fixture = await createInterview(a, admin, { count: 1 });
    const anonymous = connect(a, null);
    await anonymous.connected;
    const refused = anonymous.subscribe({ interview: fixture.interviewId, session: 'anon-tab-01' }, PRESENCE);
    await refused.results.until(
      () => refused.results.error !== null || refused.results.items.length > 0,
      5000,
    );
    expect(JSON.stringify(refused.results.error ?? refused.results.items)).toMatch(/UNAUTHENTICATED/);
    await anonymous.dispose();

    const bad = await a.graphql(
      'mutation($i: ID!) { reportPresence(interview_id: $i, session: "x:y", answer_id: null) }',
      { i: fixture.interviewId },
      admin,
    );
    expect(bad.errors?.[0].extensions).toEqual(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'session' }),
    );
  });
});
