/**
 * The Answers list's `q` is the ranked search's matching (words in any order, stems, accents), not a
 * literal substring; and the revisions written in one transaction share an operation id.
 */
import { createInterview, ok, type InterviewFixture } from '../../../test/support/fixtures';
import { startTestService, type TestService } from '../../../test/support/service';

const LIST = `query($filter: AnswerFilter) {
  allAnswers(filter: $filter, sortField: "position", sortOrder: "ASC") { id position }
  _allAnswersMeta(filter: $filter) { count }
}`;

interface ListResult {
  allAnswers: { id: string; position: number }[];
  _allAnswersMeta: { count: number };
}

/** Polls until `holds`: the search index follows writes through the change stream, a moment later. */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (holds(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('allAnswers q', () => {
  let app: TestService;
  let token: string;
  let published: InterviewFixture;
  let draft: InterviewFixture;

  async function setText(answer: { id: string; version: number }, text: string): Promise<void> {
    await ok(
      app,
      'mutation($id: ID!, $version: Int!, $text: String) { updateAnswer(id: $id, version: $version, text: $text) { id } }',
      { id: answer.id, version: answer.version, text },
      token,
    );
  }

  const list = (q: string, interviewId: string | null, as: string | null) =>
    ok<ListResult>(app, LIST, { filter: { q, ...(interviewId ? { interview_id: interviewId } : {}) } }, as);

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    published = await createInterview(app, token, { count: 3 });
    draft = await createInterview(app, token, { count: 1, status: 'DRAFT' });
    await setText(published.answers[0], 'Maintainers who are sponsored can finally rest at the café.');
    await setText(published.answers[2], 'The sponsoring companies ask maintainers for a roadmap.');
    await setText(draft.answers[0], 'Sponsored maintainers in a draft nobody reads yet.');
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('matches words in any order, by stem and without accents, and counts the same', async () => {
    const found = await eventually(
      () => list('sponsor maintainer', published.interviewId, token),
      (result) => result.allAnswers.length === 2,
    );
    expect(found.allAnswers.map((answer) => answer.position)).toEqual([1, 3]);
    expect(found._allAnswersMeta.count).toBe(2);
    const accent = await list('cafe', published.interviewId, token);
    expect(accent.allAnswers.map((answer) => answer.position)).toEqual([1]);
    const nothing = await list('sponsor -maintainer', published.interviewId, token);
    expect(nothing).toEqual({ allAnswers: [], _allAnswersMeta: { count: 0 } });
  });

  it('shows readers matches in published interviews only', async () => {
    const editor = await eventually(
      () => list('sponsored maintainers', null, token),
      (result) => result._allAnswersMeta.count === 3,
    );
    expect(editor._allAnswersMeta.count).toBe(3);
    const reader = await list('sponsored maintainers', null, null);
    expect(reader.allAnswers.map((answer) => answer.id).sort()).toEqual(
      [published.answers[0].id, published.answers[2].id].sort(),
    );
  });

  it('filters, orders and pages its matches as the list does without q', async () => {
    const paged = await createInterview(app, token, { count: 7 });
    const page = (options: Record<string, unknown>, filter: Record<string, unknown> = {}) =>
      ok<ListResult>(
        app,
        `query($filter: AnswerFilter, $page: Int, $perPage: Int, $sortField: String, $sortOrder: String) {
          allAnswers(filter: $filter, page: $page, perPage: $perPage, sortField: $sortField, sortOrder: $sortOrder) { id position }
          _allAnswersMeta(filter: $filter) { count }
        }`,
        { filter: { q: 'question', interview_id: paged.interviewId, ...filter }, ...options },
        token,
      );
    const positions = (result: ListResult) => result.allAnswers.map((answer) => answer.position);
    await eventually(
      () => page({}),
      (result) => result._allAnswersMeta.count === 7,
    );
    const descending = { sortField: 'position', sortOrder: 'DESC', perPage: 3 };
    expect(positions(await page({ ...descending, page: 0 }))).toEqual([7, 6, 5]);
    expect(positions(await page({ ...descending, page: 1 }))).toEqual([4, 3, 2]);
    const last = await page({ ...descending, page: 2 });
    expect(positions(last)).toEqual([1]);
    expect(last._allAnswersMeta.count).toBe(7);
    expect(positions(await page({ ...descending, page: 3 }))).toEqual([]);

    const byId = await page({ sortField: 'id', sortOrder: 'ASC' });
    expect(byId.allAnswers.map((answer) => answer.id)).toEqual(
      paged.answers.map((answer) => answer.id).sort(),
    );
    // A sort or filter on what only the documents hold is answered by the database, the same way.
    expect(positions(await page({ sortField: 'text', sortOrder: 'DESC', perPage: 2 }))).toEqual([7, 6]);
    const since = await page({}, { updatedAt_gte: new Date(Date.now() - 3_600_000).toISOString() });
    expect(since._allAnswersMeta.count).toBe(7);

    const middle = await page({ sortField: 'position' }, { position_gte: 3, position_lte: 5 });
    expect(positions(middle)).toEqual([3, 4, 5]);
    expect(middle._allAnswersMeta.count).toBe(3);
    expect((await page({}, { speaker_id: paged.guestId }))._allAnswersMeta.count).toBe(7);
    expect((await page({}, { questioner_id: paged.guestId }))._allAnswersMeta.count).toBe(0);
    const chosen = [paged.answers[1].id, paged.answers[4].id];
    expect(positions(await page({ sortField: 'position' }, { ids: chosen }))).toEqual([2, 5]);
  });

  it('sees an entry that comes to match once the search has it, though the same list was just read', async () => {
    const before = await list('zeppelin', null, token);
    expect(before._allAnswersMeta.count).toBe(0);
    await setText(published.answers[1], 'A zeppelin over the conference hall.');
    const after = await eventually(
      () => list('zeppelin', null, token),
      (result) => result._allAnswersMeta.count === 1,
    );
    expect(after.allAnswers.map((answer) => answer.id)).toEqual([published.answers[1].id]);
  });

  it('refuses a q the search cannot take, naming filter.q', async () => {
    const result = await app.graphql(LIST, { filter: { q: 'word '.repeat(150) } }, token);
    expect(result.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.q' },
    });
  });
});

describe('revision operation ids', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('gives the revisions of one transaction one operation id, and separate changes their own', async () => {
    const fixture = await createInterview(app, token, { count: 2 });
    const [first, second] = fixture.answers;
    await ok(
      app,
      'mutation($id: ID!, $version: Int!) { splitAnswer(id: $id, offset: 3, version: $version) { id } }',
      { id: first.id, version: first.version },
      token,
    );
    await ok(
      app,
      'mutation($id: ID!, $version: Int!) { updateAnswer(id: $id, version: $version, text: "Changed.") { id } }',
      { id: second.id, version: second.version },
      token,
    );
    const history = await ok<{
      allRevisions: { entity: string; entity_id: string; action: string; operation_id: string | null }[];
    }>(
      app,
      'query($id: ID!) { allRevisions(filter: { interview_id: $id }, perPage: 100) { entity entity_id action operation_id } }',
      { id: fixture.interviewId },
      token,
    );
    const split = history.allRevisions.filter((revision) => revision.action === 'SPLIT');
    expect(split.length).toBeGreaterThanOrEqual(2);
    expect(new Set(split.map((revision) => revision.operation_id)).size).toBe(1);
    expect(split[0].operation_id).toMatch(/^[0-9a-f]{24}$/);
    const update = history.allRevisions.find(
      (revision) => revision.action === 'UPDATE' && revision.entity_id === second.id,
    );
    expect(update?.operation_id).toMatch(/^[0-9a-f]{24}$/);
    expect(update?.operation_id).not.toBe(split[0].operation_id);
    const creates = history.allRevisions.filter((revision) => revision.action === 'CREATE');
    expect(new Set(creates.map((revision) => revision.operation_id)).size).toBe(creates.length);
  });
});
