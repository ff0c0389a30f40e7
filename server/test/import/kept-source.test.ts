import type { CommandSucceededEvent } from 'mongodb';
import pino from 'pino';
import { ok } from '../../../test/support/fixtures';
import { startTestService, TestService } from '../../../test/support/service';
import { ChangeFeed } from '../../src/subscriptions/change-feed';
import type { RawChange } from '../../src/subscriptions/change-decoder';

// Only the source text holds its lines as written, labels included: entries keep the words without them.
const MARK = 'A: Curiosity, mostly.';
const TRANSCRIPT = `Kept Apart
Interviewer: Maria Lopez
Guest: Tom Weber

Q: What got you started?
A: Curiosity, mostly.
Q: And next year?
A: More of the same.
`;

const IMPORT = `mutation($text: String!, $options: TranscriptOptions) {
  importTranscript(text: $text, options: $options) { id slug version status }
}`;
const READER_QUERY = `query($slug: String!) {
  interview(slug: $slug) { title sourceFormat answers { text speaker { name } } }
  interviews(first: 20) { edges { node { title sourceFormat } } }
}`;

describe('the source text of an import: kept in the database, never carried by reads', () => {
  let app: TestService;
  let token: string;
  const replies: CommandSucceededEvent[] = [];

  beforeAll(async () => {
    app = await startTestService({}, { mongoClientOptions: { monitorCommands: true } });
    app.service.database.client.on('commandSucceeded', (event) => replies.push(event));
    token = await app.login();
  });

  afterAll(async () => {
    await app.stop();
  });

  const storedSource = async (id: string) => {
    const { ObjectId } = await import('mongodb');
    const stored = await app.service.database.db.collection('interviews').findOne({ _id: new ObjectId(id) });
    return stored?.source as { text?: string; format?: string } | undefined;
  };

  it('answers readers without reading the source text, which stays stored through edits', async () => {
    const imported = await ok<{ importTranscript: { id: string; slug: string; version: number } }>(
      app,
      IMPORT,
      { text: TRANSCRIPT, options: { title: 'Kept Apart' } },
      token,
    );
    const { id, slug } = imported.importTranscript;
    const published = await ok<{ publishInterview: { version: number } }>(
      app,
      `mutation($id: ID!, $v: Int!) { publishInterview(id: $id, version: $v) { version } }`,
      { id, v: imported.importTranscript.version },
      token,
    );
    const version = published.publishInterview.version;
    expect((await storedSource(id))?.text).toContain(MARK);

    replies.length = 0;
    const read = await ok<{
      interview: { title: string; sourceFormat: string; answers: { text: string }[] };
      interviews: { edges: { node: { title: string; sourceFormat: string } }[] };
    }>(app, READER_QUERY, { slug }, null);
    expect(read.interview.sourceFormat).toBe('QA');
    expect(read.interview.answers.map((answer) => answer.text)).toEqual([
      'Curiosity, mostly.',
      'More of the same.',
    ]);
    expect(read.interviews.edges.map((edge) => edge.node.title)).toContain('Kept Apart');
    const interviewReplies = replies.filter((event) => JSON.stringify(event.reply).includes('Kept Apart'));
    expect(interviewReplies.length).toBeGreaterThan(0);
    expect(replies.filter((event) => JSON.stringify(event.reply).includes(MARK))).toEqual([]);

    // An editor's change reads the document and writes it back in part: the source text must survive it.
    const edited = await ok<{ updateInterview: { version: number } }>(
      app,
      `mutation($id: ID!, $v: Int!) { updateInterview(id: $id, version: $v, title: "Kept Apart, edited") { version } }`,
      { id, v: version },
      token,
    );
    await ok(
      app,
      `mutation($id: ID!, $v: Int!) { unpublishInterview(id: $id, version: $v) { status } }`,
      { id, v: edited.updateInterview.version },
      token,
    );
    const afterEdits = await storedSource(id);
    expect(afterEdits?.text).toBe(TRANSCRIPT);
    expect(afterEdits?.format).toBe('QA');
  });

  it('leaves the source text out of the documents the service itself reads', async () => {
    const imported = await ok<{ importTranscript: { id: string; slug: string } }>(
      app,
      IMPORT,
      { text: TRANSCRIPT.replace('Kept Apart', 'Kept Apart Again'), options: { title: 'Kept Apart Again' } },
      token,
    );
    const { ObjectId } = await import('mongodb');
    const id = new ObjectId(imported.importTranscript.id);
    const interviews = app.service.services.interviews;
    const editors = { includeDrafts: true };
    const reads = [
      await interviews.get(id, editors),
      await interviews.getBySlug(imported.importTranscript.slug, editors),
      ...(await interviews.getMany([id], editors)),
      ...(await interviews.list({ ids: [id.toHexString()] }, { skip: 0, limit: 5 }, { _id: 1 }, editors)),
    ];
    expect(reads).toHaveLength(4);
    for (const doc of reads) {
      expect(doc?.source).toEqual(expect.objectContaining({ format: 'QA' }));
      expect(doc?.source).not.toHaveProperty('text');
    }
  });
});

describe('the change feed leaves an interview’s source text out of its events', () => {
  let app: TestService;

  beforeAll(async () => {
    app = await startTestService();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('carries the interview without its source text, for inserts and looked-up updates alike', async () => {
    const changes: RawChange[] = [];
    const feed = new ChangeFeed(
      app.service.database.db,
      async (batch) => {
        changes.push(...batch);
      },
      () => undefined,
      pino({ level: 'silent' }),
    );
    feed.start();
    try {
      expect(await feed.waitUntilReady(10_000)).toBe(true);
      const token = await app.login();
      const imported = await ok<{ importTranscript: { id: string; version: number } }>(
        app,
        IMPORT,
        { text: TRANSCRIPT, options: { title: 'Fed Apart' } },
        token,
      );
      const { id, version } = imported.importTranscript;
      await ok(
        app,
        `mutation($id: ID!, $v: Int!) { updateInterview(id: $id, version: $v, title: "Fed Apart, edited") { version } }`,
        { id, v: version },
        token,
      );
      const ofInterview = () =>
        changes.filter((change) => change.collection === 'interviews' && change.id === id);
      const deadline = Date.now() + 10_000;
      while (ofInterview().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(ofInterview().map((change) => change.operation)).toEqual(['insert', 'update']);
      for (const change of ofInterview()) {
        expect(change.document?.source).toEqual(expect.objectContaining({ format: 'QA' }));
        expect(change.document?.source).not.toHaveProperty('text');
      }
      expect(JSON.stringify(changes)).not.toContain(MARK);
    } finally {
      await feed.stop();
    }
  });
});
