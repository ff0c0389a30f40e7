import type { CommandStartedEvent } from 'mongodb';
import { createInterview, InterviewFixture, ok } from '../../../test/support/fixtures';
import {
  errorCode,
  startTestService,
  TestService,
  QUIET_BACKGROUND,
  isChangeStreamCommand,
} from '../../../test/support/service';

/** The attack from the issue: answers → speaker → answers → interview → … twelve levels deep. */
function deepQuery(slug: string, levels: number): string {
  const path = ['answers', 'speaker', 'answers', 'interview'];
  let selection = 'id';
  for (let level = levels - 3; level >= 0; level -= 1) selection = `${path[level % 4]} { ${selection} }`;
  return `{ interview(slug: "${slug}") { ${selection} } }`;
}

function aliasedTranscripts(slug: string, count: number): string {
  const reads = Array.from(
    { length: count },
    (_, i) => `t${i}: interview(slug: "${slug}") { answers { text } }`,
  );
  return `{ ${reads.join(' ')} }`;
}

/**
 * Operation limits over HTTP: depth, aliases, tokens, directives and cost are checked before execution.
 * Database work is observed through the driver's command monitoring on the service's own client.
 */
/** Resolves once `commands` has not grown for `quietMs` (at most 10 s). */
async function untilNoCommandsFor(quietMs: number, commands: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  let seen = -1;
  while (seen !== commands.length && Date.now() < deadline) {
    seen = commands.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

describe('operation limits over HTTP', () => {
  let app: TestService;
  let token: string;
  let fixture: InterviewFixture;
  let slug: string;
  const commands: string[] = [];

  beforeAll(async () => {
    app = await startTestService(QUIET_BACKGROUND, { mongoClientOptions: { monitorCommands: true } });
    app.service.database.client.on('commandStarted', (event: CommandStartedEvent) => {
      if (!isChangeStreamCommand(event)) commands.push(event.commandName);
    });
    token = await app.login();
    fixture = await createInterview(app, token, { count: 5 });
    const data = await ok<{ Interview: { slug: string } }>(
      app,
      'query($id: ID!) { Interview(id: $id) { slug } }',
      { id: fixture.interviewId },
      token,
    );
    slug = data.Interview.slug;
    // The search index follows writes from the change stream and reads what changed: let it settle, so the
    // reads counted below are the operation's own.
    await ok(app, 'query { search(query: "fixture", first: 1) { totalCount } }', {}, token);
    await untilNoCommandsFor(500, commands);
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** Sends an anonymous operation and returns the response with the reads it caused. */
  async function measured(
    query: string,
    variables: Record<string, unknown> = {},
    bearer: string | null = null,
  ) {
    commands.length = 0;
    const started = process.hrtime.bigint();
    const response = await app.graphql(query, variables, bearer);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const reads = commands.filter((name) => ['find', 'aggregate', 'count', 'getMore'].includes(name)).length;
    return { response, reads, elapsedMs };
  }

  it('runs the same nesting at a sane depth (the refusals below are not for lack of data)', async () => {
    const { response, reads } = await measured(deepQuery(slug, 6), {}, token);
    expect(response.errors).toBeUndefined();
    expect(reads).toBeGreaterThan(0);
  });

  it('refuses the anonymous 12-level query with GRAPHQL_VALIDATION_FAILED naming MAX_QUERY_DEPTH, reading nothing', async () => {
    const query = deepQuery(slug, 12);
    expect(query).toMatch(/answers \{ speaker \{ answers \{ interview \{ answers/);
    const { response, reads, elapsedMs } = await measured(query);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toBe('Query depth limit of 10 exceeded, found 12 (MAX_QUERY_DEPTH)');
    expect(reads).toBe(0);
    console.info(`depth 12: refused in ${elapsedMs.toFixed(1)} ms`);
  });

  it('refuses 1,000 aliased transcript reads naming MAX_TOKENS, reading nothing', async () => {
    const { response, reads, elapsedMs } = await measured(aliasedTranscripts(slug, 1000));
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toBe('Token limit of 2000 exceeded (MAX_TOKENS)');
    expect(reads).toBe(0);
    console.info(`1000 aliases: refused in ${elapsedMs.toFixed(1)} ms`);
  });

  it('refuses more aliases than MAX_ALIASES even when the document is short', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `s${i}: speaker(slug: "x") { id }`).join(' ');
    const { response, reads } = await measured(`{ ${aliases} }`);
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toBe('Aliases limit of 100 exceeded, found 101 (MAX_ALIASES)');
    expect(reads).toBe(0);
  });

  it('refuses more directives than MAX_DIRECTIVES', async () => {
    const fields = Array.from({ length: 51 }, () => 'id @include(if: true)').join(' ');
    const { response, reads } = await measured(`{ speaker(slug: "x") { ${fields} } }`);
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toBe('Directives limit of 50 exceeded, found 51 (MAX_DIRECTIVES)');
    expect(reads).toBe(0);
  });

  it('counts list fields by their page size, variables included, and refuses over MAX_QUERY_COST', async () => {
    const query = `query($perPage: Int, $first: Int) {
      allInterviews(perPage: $perPage) { title answers(first: $first) { text speaker { name } } }
    }`;
    const small = await measured(query, { perPage: 10, first: 100 });
    expect(small.response.errors).toBeUndefined();

    const large = await measured(query, { perPage: 100, first: 1000 });
    expect(large.response.status).toBe(400);
    expect(errorCode(large.response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(large.response.errors?.[0].message).toMatch(
      /^Query cost limit of 20000 exceeded, found \d+ \(MAX_QUERY_COST\)/,
    );
    // 100 interviews × (itself, its title, 1000 entries × (entry, text, speaker, name)) + the list itself.
    expect(large.response.errors?.[0].extensions).toMatchObject({
      cost: 100 * (2 + 1000 * 4),
      maxCost: 20000,
    });
    expect(large.reads).toBe(0);
  });

  it('gives editors the larger MAX_QUERY_COST_EDITOR', async () => {
    const query = `{ allInterviews(perPage: 100) { title answers(first: 1000) { text speaker { name } } } }`;
    expect((await measured(query, {}, token)).response.errors).toBeUndefined();
    const tooMuch = await measured(
      `{ allInterviews(perPage: 1000) { answers(first: 1000) { text speaker { name } } } }`,
      {},
      token,
    );
    expect(tooMuch.response.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Query cost limit of 1000000 exceeded.*\(MAX_QUERY_COST_EDITOR\)/),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('applies each caller its own limit when the same operation and variables come again', async () => {
    const query = `query($perPage: Int) { allInterviews(perPage: $perPage) { answers(first: 1000) { text } } }`;
    const variables = { perPage: 20 };
    // 20 interviews × (itself, 1000 entries × (entry, text)).
    const refusedCost = 20 * (1 + 1000 * 2);
    for (const bearer of [null, token, null, token]) {
      const { response, reads } = await measured(query, variables, bearer);
      if (bearer) {
        expect(response.errors).toBeUndefined();
      } else {
        expect(response.status).toBe(400);
        expect(response.errors?.[0].extensions).toMatchObject({ cost: refusedCost, maxCost: 20000 });
        expect(reads).toBe(0);
      }
    }
    const fewer = await measured(query, { perPage: 5 });
    expect(fewer.response.errors).toBeUndefined();
  });

  it('keeps the queries of the README and the admin working', async () => {
    const reader = await ok<{ interview: { answers: { position: number }[]; answerCount: number } }>(
      app,
      `{ interview(slug: "${slug}") { title answerCount answers { position section question text speaker { name title } questioner { name } } } }`,
      {},
      null,
    );
    expect(reader.interview.answers.map((answer) => answer.position)).toEqual([1, 2, 3, 4, 5]);
    expect(reader.interview.answerCount).toBe(5);

    const editor = await ok<{ items: unknown[]; total: { count: number } }>(
      app,
      `query($page: Int, $perPage: Int, $sortField: String, $sortOrder: String, $filter: AnswerFilter) {
        items: allAnswers(page: $page, perPage: $perPage, sortField: $sortField, sortOrder: $sortOrder, filter: $filter) {
          id interview_id position section question questioner_id text speaker_id version createdAt updatedAt updatedBy
        }
        total: _allAnswersMeta(page: $page, perPage: $perPage, filter: $filter) { count }
      }`,
      {
        page: 0,
        perPage: 1000,
        sortField: 'position',
        sortOrder: 'ASC',
        filter: { interview_id: fixture.interviewId },
      },
      token,
    );
    expect(editor.items).toHaveLength(5);
  });

  it('pages Interview.answers, Speaker.answers and Speaker.interviews with first and offset', async () => {
    const data = await ok<{
      interview: { answerCount: number; answers: { position: number }[] };
      speaker: { answers: { text: string }[]; interviews: { id: string }[] };
    }>(
      app,
      `query($slug: String!, $guest: ID!) {
        interview(slug: $slug) { answerCount answers(first: 2, offset: 2) { position } }
        speaker: Speaker(id: $guest) { answers(first: 2, offset: 3) { text } interviews(first: 1) { id } }
      }`,
      { slug, guest: fixture.guestId },
      null,
    );
    expect(data.interview).toEqual({ answerCount: 5, answers: [{ position: 3 }, { position: 4 }] });
    expect(data.speaker.answers).toEqual([{ text: 'Answer 4.' }, { text: 'Answer 5.' }]);
    expect(data.speaker.interviews).toEqual([{ id: fixture.interviewId }]);

    const tooMany = await app.graphql(`{ interview(slug: "${slug}") { answers(first: 1001) { id } } }`);
    expect(tooMany.errors?.[0]).toMatchObject({
      message: 'first: must be between 0 and 1000',
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
    const negative = await app.graphql(`{ interview(slug: "${slug}") { answers(offset: -1) { id } } }`);
    expect(negative.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
  });

  it('keeps "Did you mean …" suggestions in development', async () => {
    const response = await app.graphql('{ allUser { id } }');
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toMatch(/Did you mean "allUsers"/);
  });
});

describe('operation limits in production', () => {
  let app: TestService;

  beforeAll(async () => {
    app = await startTestService(
      { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-for-tests', MAX_QUERY_DEPTH: '4' },
      {},
    );
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('does not leak field names through suggestions', async () => {
    const response = await app.graphql('{ allUser { id } }');
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).not.toMatch(/allUsers|Did you mean/);
  });

  it('reads its limits from the environment', async () => {
    const response = await app.graphql('{ interview(slug: "x") { answers { speaker { answers { id } } } } }');
    expect(response.errors?.[0]).toMatchObject({
      message: 'Query depth limit of 4 exceeded, found 5 (MAX_QUERY_DEPTH)',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});
