import { MongoClient, ObjectId } from 'mongodb';
import { createInterview, ok, type InterviewFixture } from '../../../test/support/fixtures';
import { testServerUri } from '../../../test/support/db';
import { startTestService, type TestService } from '../../../test/support/service';
import { connect, type LiveClient, waitForSubscribers } from '../subscriptions/support';

/**
 * Readers' answers come from a cache until the content changes: an anonymous reader's repeated query is
 * answered without reading the database (it carries an Age header), and no change — through this instance,
 * another one, or straight into MongoDB — leaves readers with the answer from before it.
 */
const TRANSCRIPT = `query($id: ID!) { Interview(id: $id) { title status answers { position text speaker { name } } } }`;

interface Transcript {
  Interview: {
    title: string;
    status: string;
    answers: { position: number; text: string; speaker: { name: string } | null }[];
  } | null;
}

interface HttpAnswer<T> {
  age: string | null;
  data: T;
}

let app: TestService;
let token: string;

/** POST /graphql as a reader (or with a token), with the response's Age header. */
async function read<T>(
  on: TestService,
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const response = await fetch(`${on.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return { age: response.headers.get('age'), data: body.data };
}

async function publishedInterview(on: TestService, count = 2): Promise<InterviewFixture> {
  return createInterview(on, token, { count, status: 'PUBLISHED' });
}

async function setText(on: TestService, answerId: string, text: string): Promise<void> {
  const current = await ok<{ Answer: { version: number } }>(
    on,
    'query($id: ID!) { Answer(id: $id) { version } }',
    { id: answerId },
    token,
  );
  await ok(
    on,
    'mutation($id: ID!, $v: Int!, $t: String!) { updateAnswer(id: $id, version: $v, text: $t) { id } }',
    { id: answerId, v: current.Answer.version, t: text },
    token,
  );
}

/**
 * Reads until the answer comes from the cache twice, 200 ms apart: the change stream is established and
 * has reported the writes that made the fixture (each of which drops the cache).
 */
async function readUntilCached(id: string): Promise<HttpAnswer<Transcript>> {
  const deadline = Date.now() + 10_000;
  let hits = 0;
  for (;;) {
    const answer = await read<Transcript>(app, TRANSCRIPT, { id });
    hits = answer.age === null ? 0 : hits + 1;
    if (hits === 2) return answer;
    if (Date.now() > deadline) throw new Error('the transcript was never answered from the cache');
    await new Promise((resolve) => setTimeout(resolve, hits === 1 ? 200 : 50));
  }
}

/**
 * A reader's text of entry `index`, read until it is `expected` (a write seen only by the change stream
 * reaches the cache a moment after it is acknowledged), for at most 5 s; the last text read.
 */
async function textReadWithin(id: string, index: number, expected: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const text = (await read<Transcript>(app, TRANSCRIPT, { id })).data.Interview?.answers[index].text ?? '';
    if (text === expected || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  app = await startTestService();
  token = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

test('a reader asking again is answered from the cache; "Cache-Control: no-cache" bypasses it', async () => {
  const fixture = await publishedInterview(app);
  const first = await readUntilCached(fixture.interviewId);
  expect(first.data.Interview?.answers.map((entry) => entry.text)).toEqual(['Answer 1.', 'Answer 2.']);
  const again = await read<Transcript>(app, TRANSCRIPT, { id: fixture.interviewId });
  expect(again.age).not.toBeNull();
  expect(again.data).toEqual(first.data);
  const fresh = await read<Transcript>(
    app,
    TRANSCRIPT,
    { id: fixture.interviewId },
    { headers: { 'cache-control': 'no-cache' } },
  );
  expect(fresh.age).toBeNull();
  expect(fresh.data).toEqual(first.data);

  // A fresh answer is not kept either: the same transcript asked for by another query text (another key)
  // first with no-cache, then as usual, is computed both times.
  const variant = TRANSCRIPT.replace('Interview(id: $id)', 'transcript: Interview(id: $id)');
  const bypassing = await read<{ transcript: unknown }>(
    app,
    variant,
    { id: fixture.interviewId },
    { headers: { 'cache-control': 'no-cache' } },
  );
  expect(bypassing.age).toBeNull();
  expect((await read<{ transcript: unknown }>(app, variant, { id: fixture.interviewId })).age).toBeNull();
});

test('an editor’s correction reaches readers with the very next read', async () => {
  const fixture = await publishedInterview(app);
  await readUntilCached(fixture.interviewId);
  await setText(app, fixture.answers[0].id, 'Corrected at once.');
  const after = await read<Transcript>(app, TRANSCRIPT, { id: fixture.interviewId });
  expect(after.age).toBeNull();
  expect(after.data.Interview?.answers[0].text).toBe('Corrected at once.');
});

test('an editor moving between entries (a presence report) leaves readers’ answers cached', async () => {
  const fixture = await publishedInterview(app);
  await readUntilCached(fixture.interviewId);
  await ok(
    app,
    'mutation($i: ID!, $s: String!, $a: ID) { reportPresence(interview_id: $i, session: $s, answer_id: $a) }',
    { i: fixture.interviewId, s: 'reader-cache-test', a: fixture.answers[0].id },
    token,
  );
  expect((await read<Transcript>(app, TRANSCRIPT, { id: fixture.interviewId })).age).not.toBeNull();
});

test('unpublishing hides the interview from readers with the very next read', async () => {
  const fixture = await publishedInterview(app);
  await readUntilCached(fixture.interviewId);
  const { Interview } = await ok<{ Interview: { version: number } }>(
    app,
    'query($id: ID!) { Interview(id: $id) { version } }',
    { id: fixture.interviewId },
    token,
  );
  await ok(
    app,
    'mutation($id: ID!, $v: Int!) { unpublishInterview(id: $id, version: $v) { id } }',
    { id: fixture.interviewId, v: Interview.version },
    token,
  );
  expect((await read<Transcript>(app, TRANSCRIPT, { id: fixture.interviewId })).data.Interview).toBeNull();
});

test('a speaker renamed shows under the new name in transcripts read from before', async () => {
  const fixture = await publishedInterview(app);
  await readUntilCached(fixture.interviewId);
  const { Speaker } = await ok<{ Speaker: { version: number } }>(
    app,
    'query($id: ID!) { Speaker(id: $id) { version } }',
    { id: fixture.guestId },
    token,
  );
  await ok(
    app,
    'mutation($id: ID!, $v: Int!, $name: String!) { updateSpeaker(id: $id, version: $v, name: $name) { id } }',
    { id: fixture.guestId, v: Speaker.version, name: 'Renamed Guest' },
    token,
  );
  const after = await read<Transcript>(app, TRANSCRIPT, { id: fixture.interviewId });
  expect(after.data.Interview?.answers.map((entry) => entry.speaker?.name)).toContain('Renamed Guest');
});

test('a change made through another instance reaches this instance’s readers', async () => {
  const other = await startTestService({ MONGODB_DB: app.config.databaseName });
  try {
    const fixture = await publishedInterview(app);
    await readUntilCached(fixture.interviewId);
    await setText(other, fixture.answers[1].id, 'Corrected elsewhere.');
    expect(await textReadWithin(fixture.interviewId, 1, 'Corrected elsewhere.')).toBe('Corrected elsewhere.');
  } finally {
    await other.service.stop();
  }
});

test('a write straight into MongoDB by another program reaches readers', async () => {
  const fixture = await publishedInterview(app);
  await readUntilCached(fixture.interviewId);
  const outside = await new MongoClient(testServerUri()).connect();
  try {
    await outside
      .db(app.config.databaseName)
      .collection('answers')
      .updateOne({ _id: new ObjectId(fixture.answers[0].id) }, { $set: { text: 'Written by a script.' } });
    expect(await textReadWithin(fixture.interviewId, 0, 'Written by a script.')).toBe('Written by a script.');
  } finally {
    await outside.close();
  }
});

test('a reader told of a change by its subscription, reading again, gets the change', async () => {
  const fixture = await publishedInterview(app);
  await readUntilCached(fixture.interviewId);
  let reader: LiveClient | null = null;
  const other = await startTestService({ MONGODB_DB: app.config.databaseName });
  try {
    reader = connect(app);
    await reader.connected;
    const subscription = reader.subscribe({ interview: fixture.interviewId });
    await waitForSubscribers(app, 1);
    // Written through another instance: only this instance's change stream can tell the cache.
    await setText(other, fixture.answers[0].id, 'Heard about, then read.');
    await subscription.waitFor({ id: fixture.answers[0].id, answer: { text: 'Heard about, then read.' } });
    const after = await read<Transcript>(app, TRANSCRIPT, { id: fixture.interviewId });
    expect(after.data.Interview?.answers[0].text).toBe('Heard about, then read.');
  } finally {
    await reader?.dispose();
    await other.service.stop();
  }
});

test('editors are never answered from the cache, and readers never get what editors see', async () => {
  const draft = await createInterview(app, token, { count: 1, status: 'DRAFT' });
  for (let i = 0; i < 3; i++) {
    const editor = await read<Transcript>(app, TRANSCRIPT, { id: draft.interviewId }, { token });
    expect(editor.age).toBeNull();
    expect(editor.data.Interview?.status).toBe('DRAFT');
    expect((await read<Transcript>(app, TRANSCRIPT, { id: draft.interviewId })).data.Interview).toBeNull();
  }
});

test('searches and editors’ lists are not cached', async () => {
  const fixture = await publishedInterview(app);
  await readUntilCached(fixture.interviewId);
  const search = 'query { search(query: "Answer") { totalCount } }';
  for (let i = 0; i < 3; i++) {
    expect((await read(app, search, {})).age).toBeNull();
    expect((await read(app, 'query { allInterviews(perPage: 5) { id } }', {})).age).toBeNull();
  }
});

test('READER_CACHE_SIZE=0 turns the cache off', async () => {
  const uncached = await startTestService({ MONGODB_DB: app.config.databaseName, READER_CACHE_SIZE: '0' });
  try {
    const fixture = await publishedInterview(app);
    for (let i = 0; i < 3; i++) {
      const answer = await read<Transcript>(uncached, TRANSCRIPT, { id: fixture.interviewId });
      expect(answer.age).toBeNull();
      expect(answer.data.Interview?.answers).toHaveLength(2);
    }
  } finally {
    await uncached.service.stop();
  }
});
