import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeStream, MongoClient, MongoServerError } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';

/** A history of 10,000 changes (as a small oplog would keep), and more changes than that at once. */
const HISTORY = { maxChanges: 10_000 };
const BURST = 12_000;
/** An import's entries, written in one transaction: twice the small history, within the default one. */
const IMPORT = 20_000;

/**
 * Change streams read a bounded history of changes, as MongoDB's read its oplog: a stream that falls further
 * behind than the history holds fails with ChangeStreamHistoryLost (286), so its reader knows to read
 * everything afresh, instead of carrying on after the changes it missed.
 */
describe('the change history', () => {
  let dir: string;
  let engine: EmbeddedEngine;
  let client: MongoClient;
  const streams: ChangeStream[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-change-history-'));
    engine = await startEmbeddedEngine({ dbPath: dir, changeHistory: HISTORY });
    client = await new MongoClient(engine.uri).connect();
  });

  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close().catch(() => undefined)));
  });

  afterAll(async () => {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (name: string) => client.db('history').collection<{ _id: number }>(name);

  async function openedStream(name: string): Promise<ChangeStream> {
    const stream = rows(name).watch([], { maxAwaitTimeMS: 200 });
    streams.push(stream);
    expect(await stream.tryNext()).toBeNull();
    return stream;
  }

  it('fails a stream left behind by more changes than it holds, with ChangeStreamHistoryLost', async () => {
    const stream = await openedStream('burst');
    await rows('burst').insertMany(Array.from({ length: BURST }, (_, i) => ({ _id: i })));
    const failure = await stream.next().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MongoServerError);
    expect((failure as MongoServerError).code).toBe(286);
    expect((failure as MongoServerError).codeName).toBe('ChangeStreamHistoryLost');
  });

  it('refuses to resume from before the changes it dropped', async () => {
    const stream = await openedStream('resumed');
    await rows('resumed').insertOne({ _id: -1 });
    const first = await stream.next();
    await stream.close();
    await rows('resumed').insertMany(Array.from({ length: BURST }, (_, i) => ({ _id: i })));
    const resumed = rows('resumed').watch([], { resumeAfter: first._id, maxAwaitTimeMS: 200 });
    streams.push(resumed);
    const failure = await resumed.tryNext().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as MongoServerError).code).toBe(286);
  });

  it('delivers every change, in order, to a stream within the history', async () => {
    const stream = await openedStream('kept');
    await rows('kept').insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: i })));
    const ids: number[] = [];
    while (ids.length < 3000) {
      const event = await stream.next();
      if (event.operationType === 'insert') ids.push(Number(event.documentKey._id));
    }
    expect(ids).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  it('holds an import of 20,000 entries in one transaction by default (50,000 changes, 24 MiB)', async () => {
    const defaultDir = mkdtempSync(join(tmpdir(), 'engine-change-history-default-'));
    const roomy = await startEmbeddedEngine({ dbPath: defaultDir });
    const roomyClient = await new MongoClient(roomy.uri).connect();
    try {
      const imported = roomyClient.db('history').collection<{ _id: number; text: string }>('imported');
      const stream = imported.watch([], { maxAwaitTimeMS: 200 });
      expect(await stream.tryNext()).toBeNull();
      const session = roomyClient.startSession();
      const text = 'An answer of an ordinary length. '.repeat(20);
      await session.withTransaction(() =>
        imported.insertMany(
          Array.from({ length: IMPORT }, (_, i) => ({ _id: i, text })),
          { session },
        ),
      );
      await session.endSession();
      let received = 0;
      while (received < IMPORT) {
        const event = await stream.next();
        if (event.operationType === 'insert') received += 1;
      }
      expect(received).toBe(IMPORT);
      await stream.close();
    } finally {
      await roomyClient.close();
      await roomy.close();
      rmSync(defaultDir, { recursive: true, force: true });
    }
  });
});
