import type { ChangeStream } from 'mongodb';
import { createInterview, ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, LiveClient, Subscription, waitForSubscribers } from './support';

/** The instance's change stream, reached from outside for the test (not a public API). */
function currentStream(app: TestService): ChangeStream | null {
  const service = app.service.services.contentChanges as unknown as {
    feed: { stream: ChangeStream | null } | null;
  };
  return service.feed?.stream ?? null;
}

describe('the change stream behind contentChanged', () => {
  let app: TestService;
  let token: string;
  let live: LiveClient;
  let sub: Subscription;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    live = connect(app, token);
    await live.connected;
    sub = live.subscribe();
    await waitForSubscribers(app, 1);
  });

  afterAll(async () => {
    await live?.dispose();
    await app?.stop();
  });

  it('resumes after a dropped stream from its last position, losing nothing', async () => {
    const fixture = await createInterview(app, token, { count: 1 });
    const id = fixture.answers[0].id;
    await sub.waitFor({ id, type: 'CREATED' });
    const opened = app.service.services.contentChanges.stats().streamsOpened;

    // Drop the stream as a network failure would, then write while it is down.
    await currentStream(app)?.close();
    for (let version = 1; version <= 3; version += 1) {
      await ok(
        app,
        'mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { id } }',
        { id, v: version, t: `While the stream was down, ${version}.` },
        token,
      );
    }
    await sub.waitFor({ id, version: 4 });
    const versions = sub
      .events()
      .filter((event) => event.id === id && event.type === 'UPDATED')
      .map((event) => event.version);
    expect(versions).toEqual([2, 3, 4]);
    expect(app.service.services.contentChanges.stats().streamsOpened).toBe(opened + 1);
  });

  it('keeps following the database after it was dropped and recreated', async () => {
    await app.service.database.db.dropDatabase();
    await app.service.database.db.collection('speakers').insertOne({ name: 'After the drop', version: 1 });
    expect(await sub.waitFor({ entity: 'SPEAKER', speaker: { name: 'After the drop' } })).toMatchObject({
      type: 'CREATED',
      action: 'CREATE',
      user_id: null,
    });
  });
});
