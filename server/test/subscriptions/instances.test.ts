import { MongoClient, ObjectId } from 'mongodb';
import { createInterview, ok } from '../../../test/support/fixtures';
import { testServerUri } from '../../../test/support/db';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, LiveClient, Subscription, waitForSubscribers } from './support';

/**
 * Events come from the database: a change made through one instance reaches the subscribers of another
 * instance on the same database, and so does a write made straight into MongoDB by another program.
 */
describe('contentChanged across instances and outside writes', () => {
  let a: TestService;
  let b: TestService;
  let token: string;
  let onA: LiveClient;
  let onB: LiveClient;
  let subA: Subscription;
  let subB: Subscription;
  let other: MongoClient;

  beforeAll(async () => {
    a = await startTestService();
    b = await startTestService({ MONGODB_DB: a.config.databaseName });
    token = await a.login();
    onA = connect(a, token);
    onB = connect(b, token);
    await Promise.all([onA.connected, onB.connected]);
    subA = onA.subscribe();
    subB = onB.subscribe();
    await waitForSubscribers(a, 1);
    await waitForSubscribers(b, 1);
    other = await new MongoClient(testServerUri()).connect();
  });

  afterAll(async () => {
    await onA?.dispose();
    await onB?.dispose();
    await other?.close();
    await b?.stop();
    await a?.stop();
  });

  it('delivers a change made through instance A to a subscriber of instance B within 2 s', async () => {
    const fixture = await createInterview(a, token, { count: 1 });
    await subB.waitFor({ id: fixture.answers[0].id, type: 'CREATED' });
    const latencies: number[] = [];
    const afterAnswer: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const text = `Through A, round ${i}.`;
      const started = Date.now();
      await ok(
        a,
        'mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { id } }',
        { id: fixture.answers[0].id, v: i + 1, t: text },
        token,
      );
      const answered = Date.now();
      const event = await subB.waitFor({ id: fixture.answers[0].id, answer: { text } }, { timeoutMs: 2000 });
      latencies.push(Date.now() - started);
      afterAnswer.push(Date.now() - answered);
      expect(event).toMatchObject({
        type: 'UPDATED',
        action: 'UPDATE',
        version: i + 2,
        changedFields: ['text'],
      });
    }
    console.info(
      `mutation sent to A → event on B: ${latencies.join(', ')} ms; after A answered: ${afterAnswer.join(', ')} ms`,
    );
    expect(Math.max(...latencies)).toBeLessThan(2000);
    // A's own subscriber got the same events.
    await subA.waitFor({ id: fixture.answers[0].id, version: 6 });
  });

  it('delivers writes made straight into MongoDB by another program', async () => {
    const fixture = await createInterview(a, token, { count: 2 });
    await subB.waitFor({ id: fixture.answers[1].id, type: 'CREATED' });
    const answers = other.db(a.config.databaseName).collection('answers');

    await answers.updateOne(
      { _id: new ObjectId(fixture.answers[0].id) },
      { $set: { text: 'Written by another program.' } },
    );
    for (const sub of [subA, subB]) {
      expect(
        await sub.waitFor({ id: fixture.answers[0].id, answer: { text: 'Written by another program.' } }),
      ).toMatchObject({
        type: 'UPDATED',
        action: 'UPDATE',
        interview_id: fixture.interviewId,
        changedFields: ['text'],
        version: 1,
        user_id: null,
        revision_id: null,
      });
    }

    const insertedId = new ObjectId();
    const now = new Date();
    await answers.insertOne({
      _id: insertedId,
      interview_id: new ObjectId(fixture.interviewId),
      position: 3,
      section: null,
      question: 'Inserted?',
      text: 'Straight into the database.',
      questioner_id: null,
      speaker_id: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: null,
    });
    expect(await subB.waitFor({ id: insertedId.toHexString() })).toMatchObject({
      type: 'CREATED',
      action: 'CREATE',
      interview_id: fixture.interviewId,
      user_id: null,
      answer: { position: 3, text: 'Straight into the database.' },
    });

    await answers.deleteOne({ _id: insertedId });
    expect(await subB.waitFor({ id: insertedId.toHexString(), type: 'DELETED' })).toMatchObject({
      action: 'DELETE',
      interview_id: fixture.interviewId,
      user_id: null,
      answer: null,
    });
  });

  it('places an outside delete in its interview even on an instance that never saw the entry', async () => {
    const fixture = await createInterview(a, token, { count: 1 });
    const c = await startTestService({ MONGODB_DB: a.config.databaseName });
    const onC = connect(c, token);
    try {
      await onC.connected;
      const subC = onC.subscribe();
      await waitForSubscribers(c, 1);
      await other
        .db(a.config.databaseName)
        .collection('answers')
        .deleteOne({ _id: new ObjectId(fixture.answers[0].id) });
      // Found through the entry's revisions: the deleted document itself carries only its id.
      expect(await subC.waitFor({ id: fixture.answers[0].id })).toMatchObject({
        type: 'DELETED',
        action: 'DELETE',
        interview_id: fixture.interviewId,
        user_id: null,
        revision_id: null,
      });
    } finally {
      await onC.dispose();
      await c.service.stop();
    }
  });
});
