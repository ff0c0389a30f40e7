import { errorCode, GraphQLResponse, startTestService, TestService } from '../../../test/support/service';

const HUGE = 'x'.repeat(40_000);
const INVISIBLE_ONLY = '\u200B\uFEFF\u202E \u2060\u00AD';

/** Lengths, invisible text, source URLs and request bodies: refused as BAD_USER_INPUT, nothing written. */
describe('input hygiene', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  function expectRefused(result: GraphQLResponse<unknown>, field: string, message: RegExp): void {
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(result.errors?.[0]?.message).toMatch(message);
  }

  async function count(resource: string): Promise<number> {
    const result = await app.graphql<Record<string, { count: number }>>(
      `{ _all${resource}Meta { count } }`,
      {},
      token,
    );
    return result.data![`_all${resource}Meta`].count;
  }

  describe('length limits', () => {
    it.each(['allSpeakers', 'allInterviews', 'allAnswers', 'allUsers', 'allRevisions'])(
      'refuses a q of 40,000 characters on %s, naming filter.q and the limit',
      async (list) => {
        const result = await app.graphql(
          `query($q: String) { ${list}(filter: { q: $q }) { id } }`,
          { q: HUGE },
          token,
        );
        expectRefused(result, 'filter.q', /filter\.q: must be at most 1000 characters/);
      },
    );

    it('refuses huge reader arguments before any database work', async () => {
      expectRefused(
        await app.graphql('query($s: String!) { interview(slug: $s) { id } }', { s: HUGE }),
        'slug',
        /1000/,
      );
      expectRefused(
        await app.graphql('query($p: String) { interviews(publisher: $p) { totalCount } }', { p: HUGE }),
        'publisher',
        /1000/,
      );
      expectRefused(
        await app.graphql(`mutation { login(email: "${HUGE}", password: "whatever-it-is") { token } }`),
        'email',
        /1000/,
      );
    });

    it('refuses huge transcript options and list items, naming the path', async () => {
      const result = await app.graphql(
        'query($o: TranscriptOptions) { previewTranscript(text: "Q: Why?\\nA: Because.", options: $o) { format } }',
        { o: { title: HUGE } },
        token,
      );
      expectRefused(result, 'options.title', /1000/);
      const created = await app.graphql(
        'mutation($s: [String!]) { createInterview(title: "Listed", sections: $s) { id } }',
        { s: ['fine', HUGE] },
        token,
      );
      expectRefused(created, 'sections[1]', /1000/);
    });

    it('still takes long text where a field allows it (an entry of 50,000 characters)', async () => {
      const interview = await app.graphql<{ createInterview: { id: string } }>(
        'mutation { createInterview(title: "Long answers") { id } }',
        {},
        token,
      );
      const text = 'word '.repeat(10_000).trim();
      const created = await app.graphql<{ createAnswer: { text: string } }>(
        'mutation($i: ID!, $t: String!) { createAnswer(interview_id: $i, question: "Long?", text: $t) { text } }',
        { i: interview.data!.createInterview.id, t: text },
        token,
      );
      expect(created.errors).toBeUndefined();
      expect(created.data?.createAnswer.text).toHaveLength(text.length);
    });
  });

  describe('text made only of invisible characters', () => {
    it('is empty for a required field: refused, nothing written', async () => {
      const before = await count('Speakers');
      const result = await app.graphql(
        'mutation($n: String!) { createSpeaker(name: $n) { id } }',
        { n: INVISIBLE_ONLY },
        token,
      );
      expectRefused(result, 'name', /must not be empty/);
      expect(await count('Speakers')).toBe(before);
    });

    it('is empty for an optional field (cleared), and visible text loses invisible ends only', async () => {
      const result = await app.graphql<{ createSpeaker: { name: string; title: string | null } }>(
        'mutation($n: String!, $t: String) { createSpeaker(name: $n, title: $t) { name title } }',
        { n: '\u202E\u200BAda\u200DLovelace\uFEFF', t: INVISIBLE_ONLY },
        token,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.createSpeaker).toEqual({ name: 'Ada\u200DLovelace', title: null });
    });

    it('is an empty answer in an import, never an entry of its own or a stray paragraph', async () => {
      const text = [
        'Interviewer: Alice Smith',
        'Guest: Bob Jones',
        '',
        'Q: First question?',
        'A: First answer.',
        '\u200B\u202E',
        '',
        'Q: Second question?',
        `A: ${INVISIBLE_ONLY}`,
        '',
        'Q: Third question?',
        'A: Third answer.',
      ].join('\n');
      const result = await app.graphql<{
        previewTranscript: { entries: { question: string; text: string }[]; warnings: { message: string }[] };
      }>(
        'query($t: String!) { previewTranscript(text: $t) { entries { question text } warnings { message } } }',
        { t: text },
        token,
      );
      expect(result.errors).toBeUndefined();
      const entries = result.data!.previewTranscript.entries;
      expect(entries).toEqual([
        { question: 'First question?', text: 'First answer.' },
        { question: 'Second question?', text: '' },
        { question: 'Third question?', text: 'Third answer.' },
      ]);
      expect(result.data!.previewTranscript.warnings.map((w) => w.message)).toContain(
        'empty answer: nothing follows the label',
      );
    });

    it('refuses a transcript made only of invisible characters', async () => {
      const before = await count('Interviews');
      const result = await app.graphql(
        'mutation($t: String!) { importTranscript(text: $t) { id } }',
        {
          t: `${INVISIBLE_ONLY}\n\u200B\n\uFEFF`,
        },
        token,
      );
      expectRefused(result, 'text', /only whitespace/);
      expect(await count('Interviews')).toBe(before);
    });
  });

  describe('source URLs', () => {
    const TRANSCRIPT = 'Interviewer: Alice Smith\nGuest: Bob Jones\n\nQ: Why?\nA: Because.';

    it.each(['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.com/x', 'not a url'])(
      'refuses %s on import as on update: one rule, nothing written',
      async (sourceUrl) => {
        const before = await count('Interviews');
        const imported = await app.graphql(
          'mutation($t: String!, $o: TranscriptOptions) { importTranscript(text: $t, options: $o) { id } }',
          { t: TRANSCRIPT, o: { sourceUrl } },
          token,
        );
        expectRefused(imported, 'options.sourceUrl', /http\(s\) URL/);
        expect(await count('Interviews')).toBe(before);

        const created = await app.graphql<{ createInterview: { id: string; version: number } }>(
          'mutation { createInterview(title: "Url rule") { id version } }',
          {},
          token,
        );
        const { id, version } = created.data!.createInterview;
        const updated = await app.graphql(
          'mutation($id: ID!, $v: Int!, $u: String) { updateInterview(id: $id, version: $v, sourceUrl: $u) { id } }',
          { id, v: version, u: sourceUrl },
          token,
        );
        expectRefused(updated, 'sourceUrl', /http\(s\) URL/);
      },
    );

    it('keeps an https source URL on import', async () => {
      const imported = await app.graphql<{ importTranscript: { sourceUrl: string } }>(
        'mutation($t: String!, $o: TranscriptOptions) { importTranscript(text: $t, options: $o) { sourceUrl } }',
        { t: TRANSCRIPT, o: { sourceUrl: 'https://example.com/interview' } },
        token,
      );
      expect(imported.errors).toBeUndefined();
      expect(imported.data?.importTranscript.sourceUrl).toBe('https://example.com/interview');
    });
  });

  describe('request bodies', () => {
    async function post(url: string, body: string) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        text: await response.text(),
      };
    }

    it('answers a body over 4 MB with 413 and a GraphQL error naming the limit', async () => {
      const body = JSON.stringify({
        query: '{ __typename }',
        variables: { padding: 'p'.repeat(4 * 1024 * 1024) },
      });
      const response = await post(app.url, body);
      expect(response.status).toBe(413);
      expect(response.type).toMatch(/application\/json/);
      const parsed = JSON.parse(response.text) as GraphQLResponse;
      expect(errorCode({ ...parsed, status: 413 })).toBe('BAD_USER_INPUT');
      expect(parsed.errors?.[0]?.message).toMatch(/more than the limit of 4 MB/);
    });

    it('answers a body that is not JSON with 400 and a GraphQL error, without echoing it', async () => {
      const response = await post(app.url, '{"query": "{ __typename }", <script>');
      expect(response.status).toBe(400);
      const parsed = JSON.parse(response.text) as GraphQLResponse;
      expect(parsed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.text).not.toContain('<script>');
    });

    it('takes its limit from MAX_REQUEST_BODY', async () => {
      const small = await startTestService({ MAX_REQUEST_BODY: '16kb' });
      try {
        const fits = await post(
          small.url,
          JSON.stringify({ query: '{ __typename }', variables: { p: 'p'.repeat(8000) } }),
        );
        expect(fits.status).toBe(200);
        const over = await post(
          small.url,
          JSON.stringify({ query: '{ __typename }', variables: { p: 'p'.repeat(20_000) } }),
        );
        expect(over.status).toBe(413);
        expect(over.text).toMatch(/more than the limit of 16 KB/);
      } finally {
        await small.stop();
      }
    });
  });
});
