import { ObjectId } from 'mongodb';
import { createInterview, ok } from '../../../test/support/fixtures';
import { errorCode, startTestService, TestService } from '../../../test/support/service';
import { connect, waitForSubscribers } from '../subscriptions/support';

const INTERVIEW_FIELDS =
  'id version status publishedAt firstPublishedAt updatedAt publishAt unpublishAt summary';

interface InterviewRow {
  id: string;
  version: number;
  status: 'DRAFT' | 'PUBLISHED';
  publishedAt: string | null;
  firstPublishedAt: string | null;
  updatedAt: string;
  publishAt: string | null;
  unpublishAt: string | null;
  summary: string | null;
}

interface RevisionRow {
  action: string;
  version: number;
  user_id: string | null;
  after: Record<string, unknown> | null;
}

/** The scheduler polls this often in these tests (the default is seconds). */
const POLL_MS = '100';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

async function interviewOf(app: TestService, id: string, token: string): Promise<InterviewRow> {
  const data = await ok<{ Interview: InterviewRow }>(
    app,
    `query($id: ID!) { Interview(id: $id) { ${INTERVIEW_FIELDS} } }`,
    { id },
    token,
  );
  return data.Interview;
}

async function revisionsOf(app: TestService, id: string, token: string): Promise<RevisionRow[]> {
  const data = await ok<{ allRevisions: RevisionRow[] }>(
    app,
    'query($id: ID!) { allRevisions(filter: { entity_id: $id }, sortField: "version", sortOrder: "ASC", perPage: 100) { action version user_id after } }',
    { id },
    token,
  );
  return data.allRevisions;
}

async function setStatus(app: TestService, id: string, version: number, publish: boolean, token: string) {
  const field = publish ? 'publishInterview' : 'unpublishInterview';
  const data = await ok<Record<string, InterviewRow>>(
    app,
    `mutation($id: ID!, $v: Int!) { ${field}(id: $id, version: $v) { ${INTERVIEW_FIELDS} } }`,
    { id, v: version },
    token,
  );
  return data[field];
}

function schedule(
  app: TestService,
  id: string,
  version: number,
  dates: { publishAt?: string | null; unpublishAt?: string | null },
  token: string,
) {
  return app.graphql<{ updateInterview: InterviewRow }>(
    `mutation($id: ID!, $v: Int!, $publishAt: DateTimeISO, $unpublishAt: DateTimeISO) {
      updateInterview(id: $id, version: $v, publishAt: $publishAt, unpublishAt: $unpublishAt) { ${INTERVIEW_FIELDS} }
    }`,
    { id, v: version, ...dates },
    token,
  );
}

/** Polls `read` until `done` holds, up to `timeoutMs`; returns the last value read. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(50);
    value = await read();
  }
  return value;
}

describe('publication dates and scheduled publishing', () => {
  let app: TestService;
  let token: string;

  beforeAll(async () => {
    app = await startTestService({ PUBLISH_SCHEDULE_INTERVAL_MS: POLL_MS });
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('keeps the first publication date when published again; publishedAt and updatedAt move on their own', async () => {
    const { interviewId } = await createInterview(app, token, { count: 1, status: 'DRAFT' });
    const draft = await interviewOf(app, interviewId, token);
    expect(draft).toMatchObject({ publishedAt: null, firstPublishedAt: null });

    const first = await setStatus(app, interviewId, draft.version, true, token);
    expect(first.firstPublishedAt).not.toBeNull();
    expect(first.firstPublishedAt).toBe(first.publishedAt);

    await sleep(20);
    const edited = await ok<{ updateInterview: InterviewRow }>(
      app,
      `mutation($id: ID!, $v: Int!) { updateInterview(id: $id, version: $v, summary: "Written by the editor.") { ${INTERVIEW_FIELDS} } }`,
      { id: interviewId, v: first.version },
      token,
    );
    expect(edited.updateInterview.publishedAt).toBe(first.publishedAt);
    expect(Date.parse(edited.updateInterview.updatedAt)).toBeGreaterThan(Date.parse(first.publishedAt!));

    const unpublished = await setStatus(app, interviewId, edited.updateInterview.version, false, token);
    await sleep(20);
    const again = await setStatus(app, interviewId, unpublished.version, true, token);
    expect(again.firstPublishedAt).toBe(first.firstPublishedAt);
    expect(Date.parse(again.publishedAt!)).toBeGreaterThan(Date.parse(first.publishedAt!));
    expect((await revisionsOf(app, interviewId, token)).map((r) => r.action)).toEqual([
      'CREATE',
      'PUBLISH',
      'UPDATE',
      'UNPUBLISH',
      'PUBLISH',
    ]);
  });

  it.each([
    ['publishAt in the past', { publishAt: inMs(-60_000) }, 'publishAt'],
    ['unpublishAt in the past', { publishAt: inMs(60_000), unpublishAt: inMs(-60_000) }, 'unpublishAt'],
    ['unpublishAt before publishAt', { publishAt: inMs(120_000), unpublishAt: inMs(60_000) }, 'unpublishAt'],
    ['unpublishAt on a draft with no publishAt', { unpublishAt: inMs(60_000) }, 'unpublishAt'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, dates, field) => {
    const { interviewId } = await createInterview(app, token, { count: 1, status: 'DRAFT' });
    const before = await interviewOf(app, interviewId, token);
    const result = await schedule(app, interviewId, before.version, dates, token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(await interviewOf(app, interviewId, token)).toEqual(before);
  });

  it('refuses publishAt on an interview that is already published', async () => {
    const { interviewId, interviewVersion } = await createInterview(app, token, { count: 1 });
    const result = await schedule(app, interviewId, interviewVersion, { publishAt: inMs(60_000) }, token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('publishAt');
  });

  it('publishes a draft at its publishAt as the service (a PUBLISH revision with no user) and tells subscribers', async () => {
    const { interviewId, interviewVersion } = await createInterview(app, token, {
      count: 1,
      status: 'DRAFT',
    });
    const live = connect(app, token);
    await live.connected;
    const subscription = live.subscribe({ interview: interviewId });
    await waitForSubscribers(app, 1);
    try {
      const at = inMs(600);
      const scheduled = await schedule(app, interviewId, interviewVersion, { publishAt: at }, token);
      expect(scheduled.data?.updateInterview).toMatchObject({ status: 'DRAFT', publishAt: at });
      expect((await interviewOf(app, interviewId, token)).status).toBe('DRAFT');
      const event = await subscription.waitFor({ id: interviewId, action: 'PUBLISH' }, { timeoutMs: 8000 });
      expect(event).toMatchObject({ type: 'UPDATED', entity: 'INTERVIEW', user_id: null });

      const published = await interviewOf(app, interviewId, token);
      expect(published).toMatchObject({ status: 'PUBLISHED', publishAt: null });
      expect(Date.parse(published.publishedAt!)).toBeGreaterThanOrEqual(Date.parse(at));
      expect(published.firstPublishedAt).toBe(published.publishedAt);
      const last = (await revisionsOf(app, interviewId, token)).at(-1);
      expect(last).toMatchObject({ action: 'PUBLISH', user_id: null, after: { status: 'PUBLISHED' } });
      // Readers see it now.
      const read = await app.graphql<{ Interview: { id: string } | null }>(
        'query($id: ID!) { Interview(id: $id) { id } }',
        { id: interviewId },
      );
      expect(read.data?.Interview?.id).toBe(interviewId);
    } finally {
      await live.dispose();
    }
  });

  it('publishes and later unpublishes on schedule', async () => {
    const { interviewId, interviewVersion } = await createInterview(app, token, {
      count: 1,
      status: 'DRAFT',
    });
    const result = await schedule(
      app,
      interviewId,
      interviewVersion,
      { publishAt: inMs(400), unpublishAt: inMs(1200) },
      token,
    );
    expect(result.errors).toBeUndefined();
    const published = await until(
      () => interviewOf(app, interviewId, token),
      (row) => row.status === 'PUBLISHED',
    );
    expect(published).toMatchObject({ status: 'PUBLISHED', publishAt: null });
    const unpublished = await until(
      () => interviewOf(app, interviewId, token),
      (row) => row.status === 'DRAFT',
    );
    expect(unpublished).toMatchObject({ status: 'DRAFT', unpublishAt: null });
    expect(unpublished.firstPublishedAt).toBe(published.firstPublishedAt);
    const actions = (await revisionsOf(app, interviewId, token)).map((r) => [r.action, r.user_id]);
    expect(actions.slice(-2)).toEqual([
      ['PUBLISH', null],
      ['UNPUBLISH', null],
    ]);
  });

  it('cancels a schedule with null, and publishing by hand consumes it', async () => {
    const { interviewId, interviewVersion } = await createInterview(app, token, {
      count: 1,
      status: 'DRAFT',
    });
    const scheduled = await schedule(app, interviewId, interviewVersion, { publishAt: inMs(60_000) }, token);
    const cancelled = await schedule(
      app,
      interviewId,
      scheduled.data!.updateInterview.version,
      { publishAt: null },
      token,
    );
    expect(cancelled.data?.updateInterview.publishAt).toBeNull();
    const again = await schedule(
      app,
      interviewId,
      cancelled.data!.updateInterview.version,
      { publishAt: inMs(60_000) },
      token,
    );
    const byHand = await setStatus(app, interviewId, again.data!.updateInterview.version, true, token);
    expect(byHand).toMatchObject({ status: 'PUBLISHED', publishAt: null });
  });

  it('shows the schedule to editors only: readers of a published interview get null for publishAt and unpublishAt', async () => {
    const { interviewId, interviewVersion } = await createInterview(app, token, { count: 1 });
    const unpublishAt = inMs(3_600_000);
    const scheduled = await schedule(app, interviewId, interviewVersion, { unpublishAt }, token);
    expect(scheduled.errors).toBeUndefined();
    const READ = `query($id: ID!, $slug: String!) {
      Interview(id: $id) { status publishAt unpublishAt }
      interview(slug: $slug) { publishAt unpublishAt }
      allInterviews(filter: { ids: [$id] }) { publishAt unpublishAt }
    }`;
    const { slug } = (
      await ok<{ Interview: { slug: string } }>(
        app,
        'query($id: ID!) { Interview(id: $id) { slug } }',
        { id: interviewId },
        null,
      )
    ).Interview;
    type ScheduleRow = { publishAt: string | null; unpublishAt: string | null };
    type Read = {
      Interview: ScheduleRow & { status: string };
      interview: ScheduleRow;
      allInterviews: ScheduleRow[];
    };

    const asEditor = await ok<Read>(app, READ, { id: interviewId, slug }, token);
    const editorSees = { publishAt: null, unpublishAt: new Date(unpublishAt).toISOString() };
    expect(asEditor.Interview).toEqual({ status: 'PUBLISHED', ...editorSees });
    expect(asEditor.interview).toEqual(editorSees);
    expect(asEditor.allInterviews).toEqual([editorSees]);

    const asReader = await ok<Read>(app, READ, { id: interviewId, slug }, null);
    const readerSees = { publishAt: null, unpublishAt: null };
    expect(asReader.Interview).toEqual({ status: 'PUBLISHED', ...readerSees });
    expect(asReader.interview).toEqual(readerSees);
    expect(asReader.allInterviews).toEqual([readerSees]);
  });

  it('accepts the stored schedule sent back unchanged with another edit (as a form does)', async () => {
    const { interviewId, interviewVersion } = await createInterview(app, token, {
      count: 1,
      status: 'DRAFT',
    });
    const at = inMs(60_000);
    const scheduled = await schedule(app, interviewId, interviewVersion, { publishAt: at }, token);
    const edited = await ok<{ updateInterview: InterviewRow }>(
      app,
      `mutation($id: ID!, $v: Int!, $at: DateTimeISO) {
        updateInterview(id: $id, version: $v, summary: "Now with a summary.", publishAt: $at) { ${INTERVIEW_FIELDS} }
      }`,
      { id: interviewId, v: scheduled.data!.updateInterview.version, at },
      token,
    );
    expect(edited.updateInterview).toMatchObject({ summary: 'Now with a summary.', publishAt: at });
  });

  it('answers who is the interviewer and who the interviewee, with their roles', async () => {
    const fixture = await createInterview(app, token, { count: 2 });
    const data = await ok<{
      Interview: {
        interviewers: { id: string; organization: string | null }[];
        interviewees: { id: string; title: string | null }[];
      };
    }>(
      app,
      'query($id: ID!) { Interview(id: $id) { interviewers { id organization } interviewees { id title } } }',
      { id: fixture.interviewId },
      null,
    );
    expect(data.Interview.interviewers).toEqual([{ id: fixture.hostId, organization: 'Fixture Media' }]);
    expect(data.Interview.interviewees).toEqual([{ id: fixture.guestId, title: 'Founder' }]);
  });

  it('imports with an empty summary: the intro is not copied into it', async () => {
    const text = `A Conversation About Rivers
Interviewer: Mara Lind
Guest: Theo Brandt

We met by the water in spring.

Q: Why rivers?
A: They keep moving.
`;
    const data = await ok<{ importTranscript: { id: string; summary: string | null; intro: string | null } }>(
      app,
      'mutation($text: String!) { importTranscript(text: $text) { id summary intro } }',
      { text },
      token,
    );
    expect(data.importTranscript.intro).toContain('We met by the water');
    expect(data.importTranscript.summary).toBeNull();
  });
});

describe('scheduled publishing across restarts and instances', () => {
  it('publishes when the time passed while the service was down, once it is back', async () => {
    const first = await startTestService({ PUBLISH_SCHEDULE_INTERVAL_MS: POLL_MS });
    const databaseName = first.config.databaseName;
    let second: TestService | null = null;
    try {
      const token = await first.login();
      const { interviewId, interviewVersion } = await createInterview(first, token, {
        count: 1,
        status: 'DRAFT',
      });
      const result = await schedule(first, interviewId, interviewVersion, { publishAt: inMs(800) }, token);
      expect(result.errors).toBeUndefined();
      await first.service.stop();
      await sleep(1000);

      second = await startTestService({ MONGODB_DB: databaseName, PUBLISH_SCHEDULE_INTERVAL_MS: POLL_MS });
      const published = await until(
        () => interviewOf(second!, interviewId, token),
        (row) => row.status === 'PUBLISHED',
      );
      expect(published).toMatchObject({ status: 'PUBLISHED', publishAt: null });
    } finally {
      await (second ?? first).stop();
      if (second) await first.service.stop();
    }
  });

  it('with two instances on one database, each scheduled interview is published exactly once', async () => {
    const a = await startTestService({ PUBLISH_SCHEDULE_INTERVAL_MS: '50' });
    const b = await startTestService({
      MONGODB_DB: a.config.databaseName,
      PUBLISH_SCHEDULE_INTERVAL_MS: '50',
    });
    try {
      const token = await a.login();
      const created = [];
      for (let i = 0; i < 4; i += 1) {
        created.push(await createInterview(a, token, { count: 1, status: 'DRAFT' }));
      }
      const at = inMs(1500);
      const ids: string[] = [];
      for (const { interviewId, interviewVersion } of created) {
        const result = await schedule(a, interviewId, interviewVersion, { publishAt: at }, token);
        expect(result.errors).toBeUndefined();
        ids.push(interviewId);
      }
      for (const id of ids) {
        await until(
          () => interviewOf(b, id, token),
          (row) => row.status === 'PUBLISHED',
        );
      }
      // Give a late second claim time to show up if there were one.
      await sleep(500);
      for (const id of ids) {
        const publishes = (await revisionsOf(a, id, token)).filter((r) => r.action === 'PUBLISH');
        expect(publishes).toHaveLength(1);
        expect((await interviewOf(a, id, token)).status).toBe('PUBLISHED');
      }
    } finally {
      await b.service.stop();
      await a.stop();
    }
  });

  it('when two instances carry out the same due change at the same moment, one does it and the other nothing', async () => {
    // Polling hourly: the test itself makes both instances try at once.
    const a = await startTestService({ PUBLISH_SCHEDULE_INTERVAL_MS: '3600000' });
    const b = await startTestService({
      MONGODB_DB: a.config.databaseName,
      PUBLISH_SCHEDULE_INTERVAL_MS: '3600000',
    });
    try {
      const token = await a.login();
      const { interviewId, interviewVersion } = await createInterview(a, token, {
        count: 1,
        status: 'DRAFT',
      });
      const result = await schedule(a, interviewId, interviewVersion, { publishAt: inMs(300) }, token);
      expect(result.errors).toBeUndefined();
      await sleep(400);
      const id = new ObjectId(interviewId);
      const now = new Date();
      const outcomes = await Promise.all([
        a.service.services.interviews.runScheduledChange(id, now),
        b.service.services.interviews.runScheduledChange(id, now),
        a.service.services.interviews.runScheduledChange(id, now),
        b.service.services.interviews.runScheduledChange(id, now),
      ]);
      expect(outcomes.filter((outcome) => outcome === 'PUBLISH')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(3);
      const publishes = (await revisionsOf(a, interviewId, token)).filter((r) => r.action === 'PUBLISH');
      expect(publishes).toHaveLength(1);
      expect((await interviewOf(b, interviewId, token)).status).toBe('PUBLISHED');
    } finally {
      await b.service.stop();
      await a.stop();
    }
  });

  it('gives interviews stored before firstPublishedAt existed their first publication date, and clears copied summaries', async () => {
    const app = await startTestService();
    const databaseName = app.config.databaseName;
    let restarted: TestService | null = null;
    try {
      const collection = app.service.database.db.collection('interviews');
      const publishedAt = new Date('2024-03-01T10:00:00Z');
      const base = {
        language: 'en',
        publisher: null,
        sourceUrl: null,
        sections: [],
        boilerplate: [],
        speaker_ids: [],
        source: null,
        version: 1,
        createdAt: publishedAt,
        updatedAt: publishedAt,
        updatedBy: null,
      };
      const copied = new ObjectId();
      const own = new ObjectId();
      await collection.insertMany([
        {
          ...base,
          _id: copied,
          title: 'Stored long ago',
          slug: 'stored-long-ago',
          intro: 'The first paragraph.\n\nThe second one.',
          summary: 'The first paragraph.',
          status: 'PUBLISHED',
          publishedAt,
        },
        {
          ...base,
          _id: own,
          title: 'Written summary',
          slug: 'written-summary',
          intro: 'An intro.\n\nMore.',
          summary: 'The editor wrote this.',
          status: 'DRAFT',
          publishedAt: null,
        },
      ]);
      await app.service.stop();
      restarted = await startTestService({ MONGODB_DB: databaseName });
      const token = await restarted.login();
      const copiedRow = await interviewOf(restarted, copied.toHexString(), token);
      expect(copiedRow).toMatchObject({ summary: null, firstPublishedAt: publishedAt.toISOString() });
      const ownRow = await interviewOf(restarted, own.toHexString(), token);
      expect(ownRow).toMatchObject({ summary: 'The editor wrote this.', firstPublishedAt: null });
      const stored = await restarted.service.database.db.collection('interviews').findOne({ _id: copied });
      expect(stored?.firstPublishedAt).toEqual(publishedAt);
    } finally {
      if (restarted) await restarted.stop();
      else await app.stop();
    }
  });
});
