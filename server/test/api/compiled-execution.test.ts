/**
 * Operations that clients send again are executed compiled (graphql-jit) from their second run on; the
 * first run is graphql-js's. Either way a client gets the same answer: data, errors with their codes, paths
 * and locations, and the HTTP status.
 */
import { getIntrospectionQuery, parse } from 'graphql';
import { buildGraphQLSchema } from '../../src/graphql/schema';
import { CompiledExecution, COMPILED_FROM_RUN } from '../../src/graphql/compiled-execution';
import { createInterview, type InterviewFixture } from '../../../test/support/fixtures';
import { startTestService, type TestService } from '../../../test/support/service';

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
}

/** The stack trace (development only) is where the error was built, which is not the client's concern. */
function withoutStackTraces(answer: Answer): Answer {
  const errors = answer.body.errors?.map(({ extensions, ...error }) => {
    const { stacktrace: _stacktrace, ...rest } = extensions ?? {};
    return { ...error, extensions: rest };
  });
  return { status: answer.status, body: { ...answer.body, ...(errors ? { errors } : {}) } };
}

describe('operations run again are executed compiled, answering as graphql-js does', () => {
  let app: TestService;
  let token: string;
  let fixture: InterviewFixture;
  let slug: string;

  /** One POST, computed afresh (not from the reader cache), as an editor when a token is given. */
  async function post(query: string, variables: Record<string, unknown>, as: string | null): Promise<Answer> {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'cache-control': 'no-cache',
        ...(as ? { authorization: `Bearer ${as}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return withoutStackTraces({ status: response.status, body: (await response.json()) as Answer['body'] });
  }

  /** The answers of the first run (graphql-js) and of the runs after compilation. */
  async function runsOf(query: string, variables: Record<string, unknown>, as: string | null) {
    const answers: Answer[] = [];
    for (let run = 1; run <= COMPILED_FROM_RUN + 2; run++) answers.push(await post(query, variables, as));
    return answers;
  }

  beforeAll(async () => {
    app = await startTestService();
    token = await app.login();
    fixture = await createInterview(app, token, { count: 4, sections: ['Opening', 'Markets'] });
    const found = await app.graphql<{ Interview: { slug: string } }>(
      'query($id: ID!) { Interview(id: $id) { slug } }',
      { id: fixture.interviewId },
      token,
    );
    slug = found.data!.Interview.slug;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("answers a reader's transcript the same, with aliases, fragments, @include and @skip", async () => {
    const query = `query($slug: String!, $withTimes: Boolean!, $withoutPeople: Boolean!) {
      interview(slug: $slug) {
        title
        people: speakers { ...person }
        answers(first: 3) {
          position question text section
          startTime @include(if: $withTimes)
          speaker @skip(if: $withoutPeople) { ...person }
          questioner { name }
          __typename
        }
      }
    }
    fragment person on Speaker { id name slug }`;
    const answers = await runsOf(query, { slug, withTimes: true, withoutPeople: false }, null);
    expect(answers[0].status).toBe(200);
    expect(answers[0].body.errors).toBeUndefined();
    const transcript = answers[0].body.data as {
      interview: { people: unknown[]; answers: { position: number; speaker: { id: string } }[] };
    };
    expect(transcript.interview.people).toHaveLength(2);
    expect(transcript.interview.answers.map((answer) => answer.position)).toEqual([1, 2, 3]);
    expect(transcript.interview.answers[0].speaker.id).toBe(fixture.guestId);
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it('answers a domain error in a nested field the same: its code, path, locations and the null it leaves', async () => {
    const query = `query($slug: String!) { interview(slug: $slug) { title answers(first: -1) { position } } }`;
    const answers = await runsOf(query, { slug }, null);
    expect(answers[0].body.errors?.[0]).toMatchObject({
      path: ['interview', 'answers'],
      locations: [{ line: 1, column: 56 }],
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
    // Interview.answers is a non-null list: the interview it belongs to becomes null.
    expect(answers[0].body.data).toEqual({ interview: null });
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it('answers a refused mutation the same, writing nothing each time', async () => {
    const query = `mutation($id: ID!, $version: Int!) {
      updateAnswer(id: $id, version: $version, text: "stale") { id version }
    }`;
    const stale = { id: fixture.answers[0].id, version: fixture.answers[0].version - 1 };
    const answers = await runsOf(query, stale, token);
    expect(answers[0].body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', entity: 'Answer' });
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it('answers a bad variable the same: BAD_USER_INPUT with HTTP 400', async () => {
    const query = 'query($slug: String!) { interview(slug: $slug) { title } }';
    const answers = await runsOf(query, { slug: 42 }, null);
    expect(answers[0]).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] },
    });
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it("answers an editor's introspection the same", async () => {
    // What the admin sends as it starts (ra-data-graphql).
    const answers = await runsOf(getIntrospectionQuery(), {}, token);
    expect(answers[0].body.errors).toBeUndefined();
    expect(JSON.stringify(answers[0].body.data)).toContain('"updateAnswer"');
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  /** Runs `source` through `execution` as Apollo's executor would, and says whether it came out as it should. */
  async function runTypename(execution: CompiledExecution, source: string, document = parse(source)) {
    expect(await execution.execute({ document, source, contextValue: {} })).toEqual({
      data: { __typename: 'Query' },
    });
    return document;
  }

  it('compiles an operation on its second run, not on its first', async () => {
    const execution = new CompiledExecution(await buildGraphQLSchema());
    const source = '{ __typename }';
    const document = parse(source);
    for (let run = 1; run <= COMPILED_FROM_RUN + 1; run++) {
      expect(execution.isCompiled(document)).toBe(run > COMPILED_FROM_RUN);
      await runTypename(execution, source, document);
    }
    expect(execution.isCompiled(document)).toBe(true);
  });

  it('compiles no more operations a minute than its budget, and the rest later, answering all meanwhile', async () => {
    const execution = new CompiledExecution(await buildGraphQLSchema(), { compilesPerMinute: 2 });
    // Three distinct texts that all answer { __typename }.
    const documents = ['{ __typename }', 'query A { __typename }', 'query B { __typename }'].map(
      (source) => ({
        source,
        document: parse(source),
      }),
    );
    for (let run = 1; run <= COMPILED_FROM_RUN; run++) {
      for (const { source, document } of documents) await runTypename(execution, source, document);
    }
    expect(documents.map(({ document }) => execution.isCompiled(document))).toEqual([true, true, false]);
  });

  it('leaves operations longer than the limit to graphql-js, however often they run', async () => {
    const execution = new CompiledExecution(await buildGraphQLSchema(), { maxSourceLength: 40 });
    const long = `query ${'L'.repeat(40)} { __typename }`;
    const document = parse(long);
    for (let run = 1; run <= COMPILED_FROM_RUN + 2; run++) await runTypename(execution, long, document);
    expect(execution.isCompiled(document)).toBe(false);
    const short = '{ __typename }';
    const shortDocument = parse(short);
    for (let run = 1; run <= COMPILED_FROM_RUN; run++) await runTypename(execution, short, shortDocument);
    expect(execution.isCompiled(shortDocument)).toBe(true);
  });
});
