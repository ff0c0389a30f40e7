import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeStream, MongoClient, MongoServerError } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';

/**
 * A history of 10,000 changes (as a small oplog would keep), with up to 11,000 kept for open streams that have
 * not read them yet; a write beyond the history but within that, and one beyond both.
 */
const HISTORY = { maxChanges: 10_000, maxUnreadChanges: 11_000 };
const WITHIN_UNREAD = 10_800;
const BURST = 12_000;
/** An import's entries, written in one transaction: twice the small history, within the default one. */
const IMPORT = 20_000;

/**
 * Change streams read a bounded history of changes, as MongoDB's read its oplog: a stream that falls further
 * behind than the history holds fails with ChangeStreamHistoryLost (286), so its reader knows to read
 * everything afresh, instead of carrying on after the changes it missed. What open streams have not read yet
 * is kept for them beyond the history, up to a limit of its own, and let go once they have read it.
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

  /** The error a read fails with, or undefined if it succeeds. */
  const failureOf = (read: Promise<unknown>): Promise<unknown> =>
    read.then(
      () => undefined,
      (error: unknown) => error,
    );

  async function insertIdsOf(stream: ChangeStream, count: number): Promise<number[]> {
    const ids: number[] = [];
    while (ids.length < count) {
      const event = await stream.next();
      if (event.operationType === 'insert') ids.push(Number(event.documentKey._id));
    }
    return ids;
  }

  it('keeps a write larger than the history for the open streams that have not read it', async () => {
    const reading = await openedStream('large');
    const other = await openedStream('large');
    await rows('large').insertMany(Array.from({ length: WITHIN_UNREAD }, (_, i) => ({ _id: i })));
    const expected = Array.from({ length: WITHIN_UNREAD }, (_, i) => i);
    expect(await insertIdsOf(reading, WITHIN_UNREAD)).toEqual(expected);
    expect(await insertIdsOf(other, WITHIN_UNREAD)).toEqual(expected);
  });

  it('lets go of what was kept beyond the history once every open stream has read it', async () => {
    const reading = await openedStream('released');
    await rows('released').insertOne({ _id: -1 });
    const first = await reading.next();
    await rows('released').insertMany(Array.from({ length: WITHIN_UNREAD }, (_, i) => ({ _id: i })));
    // Not read yet: still held, so a stream may resume from the first change.
    const early = rows('released').watch([], { resumeAfter: first._id, maxAwaitTimeMS: 200 });
    streams.push(early);
    const resumed = await early.next();
    expect(resumed.operationType === 'insert' && resumed.documentKey).toEqual({ _id: 0 });
    await early.close();
    await insertIdsOf(reading, WITHIN_UNREAD);
    const late = rows('released').watch([], { resumeAfter: first._id, maxAwaitTimeMS: 200 });
    streams.push(late);
    const failure = await failureOf(late.tryNext());
    expect((failure as MongoServerError).code).toBe(286);
  });

  it('fails a stream left behind by more changes than it may keep for it, with ChangeStreamHistoryLost', async () => {
    const stream = await openedStream('burst');
    await rows('burst').insertMany(Array.from({ length: BURST }, (_, i) => ({ _id: i })));
    const failure = await failureOf(stream.next());
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
    const failure = await failureOf(resumed.tryNext());
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

  it('catches a stream up with a bulk write in a few reads, not one per 101 events', async () => {
    const monitored = await new MongoClient(engine.uri, { monitorCommands: true }).connect();
    try {
      const getMores: number[] = [];
      monitored.on('commandSucceeded', (event) => {
        if (event.commandName === 'getMore') {
          const reply = event.reply as { cursor?: { nextBatch?: unknown[] } };
          getMores.push(reply.cursor?.nextBatch?.length ?? 0);
        }
      });
      const caught = monitored.db('history').collection<{ _id: number }>('caught');
      const stream = caught.watch([], { maxAwaitTimeMS: 200 });
      streams.push(stream);
      expect(await stream.tryNext()).toBeNull();
      await caught.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: i })));
      getMores.length = 0;
      expect(await insertIdsOf(stream, 3000)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
      const carried = getMores.filter((count) => count > 0);
      expect(carried.length).toBeLessThanOrEqual(3);
      expect(Math.max(...carried)).toBeGreaterThan(101);
    } finally {
      await monitored.close();
    }
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
