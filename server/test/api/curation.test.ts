import { ANSWER_FIELDS, AnswerRow, createInterview, entriesOf, ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

describe('correcting transcript entries', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  const texts = (rows: AnswerRow[]) => rows.map((r) => r.text);
  const positions = (rows: AnswerRow[]) => rows.map((r) => r.position);

  async function revisionsOf(entityId: string) {
    return (
      await ok<{
        allRevisions: {
          action: string;
          version: number;
          before: Record<string, unknown> | null;
          after: Record<string, unknown> | null;
          user_id: string | null;
        }[];
      }>(
        app,
        'query($id: ID!) { allRevisions(filter: { entity_id: $id }, sortField: "version", sortOrder: "ASC") { action version before after user_id } }',
        { id: entityId },
        token,
      )
    ).allRevisions;
  }

  it('updates an entry with the version the editor saw, bumps the version and records a revision', async () => {
    const fixture = await createInterview(app, token, { count: 2 });
    const [first] = fixture.answers;
    const data = await ok<{ updateAnswer: AnswerRow }>(
      app,
      `mutation($id: ID!, $v: Int!) { updateAnswer(id: $id, version: $v, text: "Corrected answer.") { ${ANSWER_FIELDS} } }`,
      { id: first.id, v: first.version },
      token,
    );
    expect(data.updateAnswer).toMatchObject({ text: 'Corrected answer.', version: first.version + 1 });
    const revisions = await revisionsOf(first.id);
    expect(revisions.at(-1)).toMatchObject({
      action: 'UPDATE',
      version: first.version + 1,
      before: { text: 'Answer 1.' },
      after: { text: 'Corrected answer.' },
    });
    expect(revisions.at(-1)?.user_id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('refuses a stale version with CONFLICT and the current document, overwriting nothing', async () => {
    const fixture = await createInterview(app, token, { count: 1 });
    const [entry] = fixture.answers;
    const mutation = `mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { version } }`;
    await ok(app, mutation, { id: entry.id, v: entry.version, t: 'First editor' }, token);
    const stale = await app.graphql(mutation, { id: entry.id, v: entry.version, t: 'Second editor' }, token);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0].extensions?.current).toMatchObject({
      id: entry.id,
      text: 'First editor',
      version: 2,
    });
    expect(texts(await entriesOf(app, token, fixture.interviewId))).toEqual(['First editor']);
  });

  it('moves an entry and renumbers the others consistently', async () => {
    const fixture = await createInterview(app, token, { count: 5 });
    const last = fixture.answers[4];
    await ok(
      app,
      'mutation($id: ID!) { moveAnswer(id: $id, position: 2) { position } }',
      { id: last.id },
      token,
    );
    let rows = await entriesOf(app, token, fixture.interviewId);
    expect(texts(rows)).toEqual(['Answer 1.', 'Answer 5.', 'Answer 2.', 'Answer 3.', 'Answer 4.']);
    expect(positions(rows)).toEqual([1, 2, 3, 4, 5]);

    await ok(
      app,
      'mutation($id: ID!) { moveAnswer(id: $id, position: 5) { position } }',
      { id: fixture.answers[0].id },
      token,
    );
    rows = await entriesOf(app, token, fixture.interviewId);
    expect(texts(rows)).toEqual(['Answer 5.', 'Answer 2.', 'Answer 3.', 'Answer 4.', 'Answer 1.']);
    expect(positions(rows)).toEqual([1, 2, 3, 4, 5]);

    const outOfRange = await app.graphql(
      'mutation($id: ID!) { moveAnswer(id: $id, position: 9) { id } }',
      { id: last.id },
      token,
    );
    expect(outOfRange.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'position' });
  });

  it('splits an entry at a character offset into two consecutive entries', async () => {
    const fixture = await createInterview(app, token, { count: 2 });
    const [first] = fixture.answers;
    await ok(
      app,
      `mutation($id: ID!, $v: Int!) { updateAnswer(id: $id, version: $v, text: "One part. Other part.") { id } }`,
      { id: first.id, v: first.version },
      token,
    );
    const split = await ok<{ splitAnswer: AnswerRow[] }>(
      app,
      `mutation($id: ID!) { splitAnswer(id: $id, offset: 9) { ${ANSWER_FIELDS} } }`,
      { id: first.id },
      token,
    );
    expect(split.splitAnswer.map((a) => [a.position, a.text])).toEqual([
      [1, 'One part.'],
      [2, 'Other part.'],
    ]);
    // The rest continues the answer: the question is not repeated.
    expect(split.splitAnswer[1]).toMatchObject({ question: '', speaker_id: fixture.guestId });
    const rows = await entriesOf(app, token, fixture.interviewId);
    expect(texts(rows)).toEqual(['One part.', 'Other part.', 'Answer 2.']);
    expect(positions(rows)).toEqual([1, 2, 3]);

    const bad = await app.graphql(
      'mutation($id: ID!) { splitAnswer(id: $id, offset: 0) { id } }',
      { id: first.id },
      token,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
  });

  it('merges adjacent entries into one and closes the gap; refuses non-adjacent ones', async () => {
    const fixture = await createInterview(app, token, { count: 4 });
    const [a1, a2, a3, a4] = fixture.answers;
    const notAdjacent = await app.graphql(
      'mutation($ids: [ID!]!) { mergeAnswers(ids: $ids) { id } }',
      { ids: [a1.id, a3.id] },
      token,
    );
    expect(notAdjacent.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });

    const merged = await ok<{ mergeAnswers: AnswerRow }>(
      app,
      `mutation($ids: [ID!]!) { mergeAnswers(ids: $ids) { ${ANSWER_FIELDS} } }`,
      { ids: [a3.id, a2.id] },
      token,
    );
    expect(merged.mergeAnswers).toMatchObject({ id: a2.id, position: 2, text: 'Answer 2.\n\nAnswer 3.' });
    expect(merged.mergeAnswers.question).toBe('Question 2?\n\nQuestion 3?');
    const rows = await entriesOf(app, token, fixture.interviewId);
    expect(rows.map((r) => r.id)).toEqual([a1.id, a2.id, a4.id]);
    expect(positions(rows)).toEqual([1, 2, 3]);
  });

  it('refuses to merge entries answered by different people, so nobody is credited with words they did not say', async () => {
    const fixture = await createInterview(app, token, { count: 2 });
    const [a1, a2] = fixture.answers;
    await ok(
      app,
      'mutation($id: ID!, $s: ID) { updateAnswer(id: $id, version: 1, speaker_id: $s) { id } }',
      { id: a2.id, s: fixture.hostId },
      token,
    );
    const result = await app.graphql(
      'mutation($ids: [ID!]!) { mergeAnswers(ids: $ids) { id } }',
      { ids: [a1.id, a2.id] },
      token,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect((await entriesOf(app, token, fixture.interviewId)).map((r) => r.text)).toEqual([
      'Answer 1.',
      'Answer 2.',
    ]);
  });

  it('reverts an entry to an earlier revision as a new, revisioned change', async () => {
    const fixture = await createInterview(app, token, { count: 1 });
    const [entry] = fixture.answers;
    const update = `mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { version } }`;
    await ok(app, update, { id: entry.id, v: 1, t: 'Second wording' }, token);
    await ok(app, update, { id: entry.id, v: 2, t: 'Third wording' }, token);
    const history = await ok<{ allRevisions: { id: string; version: number }[] }>(
      app,
      'query($id: ID!) { allRevisions(filter: { entity_id: $id }, sortField: "version", sortOrder: "ASC") { id version } }',
      { id: entry.id },
      token,
    );
    const original = history.allRevisions.find((r) => r.version === 1)!;
    const reverted = await ok<{ revertAnswer: AnswerRow }>(
      app,
      `mutation($id: ID!, $r: ID!) { revertAnswer(id: $id, revision_id: $r) { ${ANSWER_FIELDS} } }`,
      { id: entry.id, r: original.id },
      token,
    );
    expect(reverted.revertAnswer).toMatchObject({ text: 'Answer 1.', version: 4 });
    const revisions = await revisionsOf(entry.id);
    expect(revisions.at(-1)).toMatchObject({
      action: 'REVERT',
      version: 4,
      before: { text: 'Third wording' },
      after: { text: 'Answer 1.' },
    });
  });

  it('creates an entry at a position and deletes one, keeping positions contiguous', async () => {
    const fixture = await createInterview(app, token, { count: 3 });
    await ok(
      app,
      'mutation($i: ID!) { createAnswer(interview_id: $i, position: 1, question: "Opening?", text: "Inserted.") { id } }',
      { i: fixture.interviewId },
      token,
    );
    let rows = await entriesOf(app, token, fixture.interviewId);
    expect(texts(rows)).toEqual(['Inserted.', 'Answer 1.', 'Answer 2.', 'Answer 3.']);
    await ok(
      app,
      'mutation($id: ID!) { deleteAnswer(id: $id) { id } }',
      { id: fixture.answers[1].id },
      token,
    );
    rows = await entriesOf(app, token, fixture.interviewId);
    expect(texts(rows)).toEqual(['Inserted.', 'Answer 1.', 'Answer 3.']);
    expect(positions(rows)).toEqual([1, 2, 3]);
  });

  it('shows a renamed speaker everywhere the speaker appears', async () => {
    const fixture = await createInterview(app, token, { count: 2 });
    const speaker = await ok<{ Speaker: { version: number } }>(
      app,
      'query($id: ID!) { Speaker(id: $id) { version } }',
      { id: fixture.guestId },
      token,
    );
    await ok(
      app,
      'mutation($id: ID!, $v: Int!) { updateSpeaker(id: $id, version: $v, name: "Renamed Guest") { name } }',
      { id: fixture.guestId, v: speaker.Speaker.version },
      token,
    );
    const data = await ok<{
      Interview: { speakers: { name: string }[]; answers: { speaker: { name: string } }[] };
    }>(
      app,
      'query($id: ID!) { Interview(id: $id) { speakers { name } answers { speaker { name } } } }',
      { id: fixture.interviewId },
      token,
    );
    expect(data.Interview.answers.map((a) => a.speaker.name)).toEqual(['Renamed Guest', 'Renamed Guest']);
    expect(data.Interview.speakers.map((s) => s.name)).toContain('Renamed Guest');
  });

  it('publishes and unpublishes an interview, each a revisioned change', async () => {
    const fixture = await createInterview(app, token, { count: 1, status: 'DRAFT' });
    const published = await ok<{
      publishInterview: { status: string; version: number; publishedAt: string };
    }>(
      app,
      'mutation($id: ID!, $v: Int!) { publishInterview(id: $id, version: $v) { status version publishedAt } }',
      { id: fixture.interviewId, v: fixture.interviewVersion },
      token,
    );
    expect(published.publishInterview.status).toBe('PUBLISHED');
    expect(published.publishInterview.publishedAt).toBeTruthy();
    const unpublished = await ok<{ unpublishInterview: { status: string } }>(
      app,
      'mutation($id: ID!, $v: Int!) { unpublishInterview(id: $id, version: $v) { status } }',
      { id: fixture.interviewId, v: published.publishInterview.version },
      token,
    );
    expect(unpublished.unpublishInterview.status).toBe('DRAFT');
    expect((await revisionsOf(fixture.interviewId)).map((r) => r.action)).toEqual([
      'CREATE',
      'PUBLISH',
      'UNPUBLISH',
    ]);
  });

  it('lists recent changes across the service, newest first', async () => {
    const data = await ok<{ recentChanges: { createdAt: string }[] }>(
      app,
      '{ recentChanges(limit: 20) { createdAt } }',
      {},
      token,
    );
    const times = data.recentChanges.map((r) => Date.parse(r.createdAt));
    expect(times.length).toBeGreaterThan(5);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
