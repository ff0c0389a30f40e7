import { createInterview, entriesOf, ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';

describe('input validation and filter safety', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  it.each([
    [
      'an empty answer text',
      'mutation($id: ID!) { updateAnswer(id: $id, version: 1, text: "   ") { id } }',
      'text',
    ],
    ['a malformed id', 'mutation { updateAnswer(id: "not-an-id", version: 1, text: "x") { id } }', 'id'],
    ['a position out of range', 'mutation($id: ID!) { moveAnswer(id: $id, position: 0) { id } }', 'position'],
    [
      'an unknown speaker',
      'mutation($id: ID!) { updateAnswer(id: $id, version: 1, speaker_id: "0123456789abcdef01234567") { id } }',
      'speaker_id',
    ],
    [
      'a section the interview does not have',
      'mutation($id: ID!) { updateAnswer(id: $id, version: 1, section: "Nowhere") { id } }',
      'section',
    ],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, mutation, field) => {
    const fixture = await createInterview(app, token, { count: 1 });
    const result = await app.graphql(mutation, { id: fixture.answers[0].id }, token);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const [stored] = await entriesOf(app, token, fixture.interviewId);
    expect(stored).toMatchObject({ text: 'Answer 1.', version: 1, position: 1 });
  });

  it('refuses an over-long title and a page size beyond the limit', async () => {
    const long = await app.graphql(
      'mutation($t: String!) { createInterview(title: $t) { id } }',
      { t: 'x'.repeat(501) },
      token,
    );
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    const page = await app.graphql('{ allSpeakers(perPage: 5000) { id } }');
    expect(page.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'perPage' });
    const sort = await app.graphql('{ allSpeakers(sortField: "passwordHash") { id } }');
    expect(sort.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sortField' });
    const inherited = await app.graphql('{ allSpeakers(sortField: "constructor") { id } }');
    expect(inherited.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sortField' });
  });

  it('never lets an operator object reach a MongoDB query through a filter', async () => {
    await createInterview(app, token, { count: 1 });
    const injected = await app.graphql('query($f: SpeakerFilter) { allSpeakers(filter: $f) { id } }', {
      f: { organization: { $gt: '' } },
    });
    expect(injected.errors?.length).toBeGreaterThan(0);
    expect(injected.data ?? null).toBeNull();
  });

  it('matches q literally: regular-expression characters are plain text', async () => {
    await ok(app, 'mutation { createSpeaker(name: "A.B (Test)+") { id } }', {}, token);
    await ok(app, 'mutation { createSpeaker(name: "AxB Test") { id } }', {}, token);
    const literal = await ok<{ allSpeakers: { name: string }[] }>(
      app,
      '{ allSpeakers(filter: { q: "A.B (Test)+" }) { name } }',
      {},
      null,
    );
    expect(literal.allSpeakers.map((s) => s.name)).toEqual(['A.B (Test)+']);
    const everything = await ok<{ allSpeakers: { name: string }[] }>(
      app,
      '{ allSpeakers(filter: { q: ".*" }) { name } }',
      {},
      null,
    );
    expect(everything.allSpeakers).toEqual([]);
  });

  it('answers an unknown id with null for reads and NOT_FOUND for writes', async () => {
    const read = await ok<{ Answer: unknown }>(
      app,
      '{ Answer(id: "0123456789abcdef01234567") { id } }',
      {},
      token,
    );
    expect(read.Answer).toBeNull();
    const write = await app.graphql(
      'mutation { deleteAnswer(id: "0123456789abcdef01234567") { id } }',
      {},
      token,
    );
    expect(errorCode(write)).toBe('NOT_FOUND');
  });
});
