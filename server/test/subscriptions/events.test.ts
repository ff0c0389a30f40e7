import { ANSWER_FIELDS, AnswerRow, createInterview, entriesOf, ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { connect, LiveClient, Subscription, userIdOf, waitForSubscribers } from './support';

const QA_TRANSCRIPT = `A Conversation About Ledgers
Interviewer: Maria Lopez
Guest: Tom Weber

Q: What got you started?
A: Curiosity, mostly.
Q: And next year?
A: More of the same, done better.
`;

/**
 * Every kind of change reaches an editor's subscription, through a real socket, with the fields the
 * issue asks for; a subscription for one interview gets only that interview's events.
 */
describe('contentChanged: one event per change, of every kind', () => {
  let app: TestService;
  let token: string;
  let adminId: string;
  let live: LiveClient;
  let all: Subscription;
  let one: Subscription;
  let interviewId: string;
  let interviewVersion: number;
  let entries: AnswerRow[];

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    adminId = await userIdOf(app, token);
    const fixture = await createInterview(app, token, { count: 3, status: 'DRAFT', sections: ['Part one'] });
    interviewId = fixture.interviewId;
    entries = fixture.answers;
    live = connect(app, token);
    await live.connected;
    all = live.subscribe();
    one = live.subscribe({ interview: interviewId });
    await waitForSubscribers(app, 2);
  });

  afterAll(async () => {
    await live?.dispose();
    await app?.stop();
  });

  const mark = () => all.events().length;

  async function refresh(): Promise<void> {
    entries = await entriesOf(app, token, interviewId);
  }

  it('reports a speaker created and updated, with who, when, version and the changed fields', async () => {
    const from = mark();
    const created = await ok<{ createSpeaker: { id: string; version: number } }>(
      app,
      'mutation { createSpeaker(name: "Live Speaker", organization: "Sockets Inc") { id version } }',
      {},
      token,
    );
    const id = created.createSpeaker.id;
    const event = await all.waitFor({ entity: 'SPEAKER', id, type: 'CREATED' }, { from });
    expect(event).toMatchObject({
      action: 'CREATE',
      version: 1,
      interview_id: null,
      user_id: adminId,
      speaker: { id, name: 'Live Speaker' },
      answer: null,
      interview: null,
    });
    expect(event.changedFields).toEqual(expect.arrayContaining(['name', 'organization', 'slug']));
    expect(event.changedFields).not.toContain('nameKey');
    expect(event.revision_id).toEqual(expect.any(String));
    expect(Math.abs(Date.parse(event.createdAt) - Date.now())).toBeLessThan(60_000);

    await ok(
      app,
      'mutation($id: ID!) { updateSpeaker(id: $id, version: 1, title: "CTO") { id } }',
      { id },
      token,
    );
    const updated = await all.waitFor({ entity: 'SPEAKER', id, type: 'UPDATED' }, { from });
    expect(updated).toMatchObject({
      action: 'UPDATE',
      version: 2,
      changedFields: ['title'],
      speaker: { title: 'CTO' },
    });
  });

  it('reports an entry created and updated, with the entry available on request', async () => {
    const from = mark();
    const created = await ok<{ createAnswer: AnswerRow }>(
      app,
      `mutation($interview: ID!) { createAnswer(interview_id: $interview, question: "Live?", text: "Very much.") { ${ANSWER_FIELDS} } }`,
      { interview: interviewId },
      token,
    );
    const id = created.createAnswer.id;
    expect(await all.waitFor({ entity: 'ANSWER', id, type: 'CREATED' }, { from })).toMatchObject({
      action: 'CREATE',
      interview_id: interviewId,
      version: 1,
      user_id: adminId,
      answer: { id, position: 4, text: 'Very much.', interview_id: interviewId },
    });

    await ok(
      app,
      'mutation($id: ID!) { updateAnswer(id: $id, version: 1, text: "Edited live.") { id } }',
      { id },
      token,
    );
    expect(await all.waitFor({ entity: 'ANSWER', id, type: 'UPDATED' }, { from })).toMatchObject({
      action: 'UPDATE',
      version: 2,
      changedFields: ['text'],
      answer: { text: 'Edited live.' },
      interview: { id: interviewId },
    });
    await refresh();
  });

  it('reports a move: the moved entry, and every entry it renumbered (RENUMBER, position only)', async () => {
    const from = mark();
    const [first, second, third, fourth] = entries;
    await ok(app, 'mutation($id: ID!) { moveAnswer(id: $id, position: 3) { id } }', { id: first.id }, token);
    expect(await all.waitFor({ id: first.id, action: 'MOVE' }, { from })).toMatchObject({
      type: 'UPDATED',
      changedFields: ['position'],
      version: first.version + 1,
      user_id: adminId,
      answer: { position: 3 },
    });
    for (const [entry, position] of [
      [second, 1],
      [third, 2],
    ] as const) {
      expect(await all.waitFor({ id: entry.id, action: 'RENUMBER' }, { from })).toMatchObject({
        type: 'UPDATED',
        changedFields: ['position'],
        version: entry.version,
        user_id: adminId,
        answer: { position },
      });
    }
    // One event per entry: the three passes of the renumbering fold into one.
    await all.waitFor({ id: third.id, action: 'RENUMBER' }, { from });
    const moved = all
      .events()
      .slice(from)
      .filter((e) => e.entity === 'ANSWER');
    expect(moved.map((e) => e.id).sort()).toEqual([first.id, second.id, third.id].sort());
    expect(moved.some((e) => e.id === fourth.id)).toBe(false);

    // And back up: the others make room.
    const back = mark();
    await ok(app, 'mutation($id: ID!) { moveAnswer(id: $id, position: 1) { id } }', { id: first.id }, token);
    await all.waitFor({ id: first.id, action: 'MOVE', answer: { position: 1 } }, { from: back });
    await all.waitFor({ id: second.id, action: 'RENUMBER', answer: { position: 2 } }, { from: back });
    await all.waitFor({ id: third.id, action: 'RENUMBER', answer: { position: 3 } }, { from: back });
    await refresh();
  });

  it('reports a split: the first part updated, the second created, the followers renumbered', async () => {
    const from = mark();
    const target = entries[1];
    const result = await ok<{ splitAnswer: AnswerRow[] }>(
      app,
      `mutation($id: ID!) { splitAnswer(id: $id, offset: 4) { ${ANSWER_FIELDS} } }`,
      { id: target.id },
      token,
    );
    const second = result.splitAnswer[1];
    expect(await all.waitFor({ id: target.id, action: 'SPLIT' }, { from })).toMatchObject({
      type: 'UPDATED',
      changedFields: ['text'],
    });
    expect(await all.waitFor({ id: second.id, action: 'SPLIT' }, { from })).toMatchObject({
      type: 'CREATED',
      version: 1,
      answer: { position: target.position + 1 },
    });
    for (const follower of entries.slice(2)) {
      expect(await all.waitFor({ id: follower.id, action: 'RENUMBER' }, { from })).toMatchObject({
        answer: { position: follower.position + 1 },
      });
    }
    await refresh();
  });

  it('reports a merge: the kept entry updated, the absorbed one deleted, the followers renumbered', async () => {
    const from = mark();
    const [kept, absorbed, ...followers] = entries;
    await ok(
      app,
      'mutation($ids: [ID!]!) { mergeAnswers(ids: $ids) { id } }',
      { ids: [kept.id, absorbed.id] },
      token,
    );
    expect(await all.waitFor({ id: kept.id, action: 'MERGE' }, { from })).toMatchObject({ type: 'UPDATED' });
    expect(await all.waitFor({ id: absorbed.id, action: 'MERGE' }, { from })).toMatchObject({
      type: 'DELETED',
      interview_id: interviewId,
      changedFields: [],
      answer: null,
      user_id: adminId,
    });
    for (const follower of followers) {
      expect(await all.waitFor({ id: follower.id, action: 'RENUMBER' }, { from })).toMatchObject({
        answer: { position: follower.position - 1 },
      });
    }
    await refresh();
  });

  it('reports a revert', async () => {
    const target = entries[0];
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { updateAnswer(id: $id, version: $v, text: "Changed.") { id } }',
      { id: target.id, v: target.version },
      token,
    );
    const revisions = await ok<{ allRevisions: { id: string; version: number }[] }>(
      app,
      'query($id: ID!) { allRevisions(filter: { entity_id: $id }, sortField: "version", sortOrder: "ASC") { id version } }',
      { id: target.id },
      token,
    );
    const from = mark();
    await ok(
      app,
      'mutation($id: ID!, $rev: ID!, $v: Int!) { revertAnswer(id: $id, revision_id: $rev, version: $v) { id } }',
      {
        id: target.id,
        rev: revisions.allRevisions.find((revision) => revision.version === target.version)?.id,
        v: target.version + 1,
      },
      token,
    );
    expect(await all.waitFor({ id: target.id, action: 'REVERT' }, { from })).toMatchObject({
      type: 'UPDATED',
      changedFields: ['text'],
      answer: { text: target.text },
    });
    await refresh();
  });

  it('reports a delete with the interview it belonged to, and the renumbering it caused', async () => {
    const from = mark();
    const [doomed, ...followers] = entries;
    await ok(app, 'mutation($id: ID!) { deleteAnswer(id: $id) { id } }', { id: doomed.id }, token);
    expect(await all.waitFor({ id: doomed.id, type: 'DELETED' }, { from })).toMatchObject({
      action: 'DELETE',
      interview_id: interviewId,
      version: doomed.version + 1,
      answer: null,
      interview: { id: interviewId },
    });
    for (const follower of followers) {
      expect(await all.waitFor({ id: follower.id, action: 'RENUMBER' }, { from })).toMatchObject({
        answer: { position: follower.position - 1 },
      });
    }
    await refresh();
  });

  it('reports publish and unpublish', async () => {
    const from = mark();
    const current = await ok<{ Interview: { version: number } }>(
      app,
      'query($id: ID!) { Interview(id: $id) { version } }',
      { id: interviewId },
      token,
    );
    interviewVersion = current.Interview.version;
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { publishInterview(id: $id, version: $v) { id } }',
      { id: interviewId, v: interviewVersion },
      token,
    );
    const published = await all.waitFor(
      { entity: 'INTERVIEW', id: interviewId, action: 'PUBLISH' },
      { from },
    );
    expect(published).toMatchObject({
      type: 'UPDATED',
      version: interviewVersion + 1,
      interview: { status: 'PUBLISHED' },
    });
    expect(published.changedFields).toEqual(expect.arrayContaining(['status', 'publishedAt']));
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { unpublishInterview(id: $id, version: $v) { id } }',
      { id: interviewId, v: interviewVersion + 1 },
      token,
    );
    expect(
      await all.waitFor({ entity: 'INTERVIEW', id: interviewId, action: 'UNPUBLISH' }, { from }),
    ).toMatchObject({
      type: 'UPDATED',
      changedFields: ['status'],
      interview: { status: 'DRAFT' },
    });
  });

  it('reports an import: the interview, its entries and its new speakers', async () => {
    const from = mark();
    const imported = await ok<{ importTranscript: { id: string } }>(
      app,
      'mutation($text: String!) { importTranscript(text: $text) { id } }',
      { text: QA_TRANSCRIPT },
      token,
    );
    const id = imported.importTranscript.id;
    expect(await all.waitFor({ entity: 'INTERVIEW', id, type: 'CREATED' }, { from })).toMatchObject({
      action: 'IMPORT',
      user_id: adminId,
      interview: { title: 'A Conversation About Ledgers' },
    });
    await all.waitFor(
      { entity: 'SPEAKER', type: 'CREATED', action: 'IMPORT', speaker: { name: 'Tom Weber' } },
      { from },
    );
    await all.waitFor(
      { entity: 'ANSWER', type: 'CREATED', action: 'IMPORT', interview_id: id, answer: { position: 2 } },
      { from },
    );
  });

  it('reports an interview deleted with its entries', async () => {
    const other = await createInterview(app, token, { count: 2 });
    const from = mark();
    await ok(app, 'mutation($id: ID!) { deleteInterview(id: $id) { id } }', { id: other.interviewId }, token);
    for (const entry of other.answers) {
      expect(await all.waitFor({ id: entry.id, type: 'DELETED' }, { from })).toMatchObject({
        action: 'DELETE',
        interview_id: other.interviewId,
      });
    }
    expect(
      await all.waitFor({ entity: 'INTERVIEW', id: other.interviewId, type: 'DELETED' }, { from }),
    ).toMatchObject({
      action: 'DELETE',
      interview: null,
    });
  });

  it("gives a subscription with interview_id that interview's events only", async () => {
    const events = one.events();
    expect(events.length).toBeGreaterThan(10);
    expect(events.every((event) => event.interview_id === interviewId)).toBe(true);
    expect(events.some((event) => event.entity === 'INTERVIEW')).toBe(true);
    expect(events.filter((e) => e.entity === 'ANSWER').length).toBeGreaterThan(5);
    // Same events, same order, as the unfiltered subscription's for this interview.
    const fromAll = all.events().filter((event) => event.interview_id === interviewId);
    expect(events.map((e) => `${e.id}:${e.action}:${e.version}`)).toEqual(
      fromAll.slice(0, events.length).map((e) => `${e.id}:${e.action}:${e.version}`),
    );
  });

  it('refuses an interview_id that is not an id', async () => {
    const bad = live.subscribe({ interview: 'nope' });
    await bad.results.until((items) => items.length > 0 || bad.results.done);
    expect(bad.results.items[0]?.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'interview_id',
    });
  });
});
