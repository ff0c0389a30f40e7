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
