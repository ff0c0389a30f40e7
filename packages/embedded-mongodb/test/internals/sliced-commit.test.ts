import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collection, Document, MongoClient, MongoServerError } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';
import { SLICED_COMMIT_OPS } from '../../src/transactions';

/**
 * A large transaction is applied in slices so other connections are answered meanwhile; it must stay
 * atomic: readers see none or all of it, unique keys hold, and a crash at any point loses or keeps it whole.
 */
jest.setTimeout(120_000);

describe('a large commit applied in slices', () => {
  // Over SLICED_COMMIT_OPS, and large enough to take several slices on a loaded machine.
  const BATCH = 10_000;
  const dirs: string[] = [];
  let engine: EmbeddedEngine;
  let dir: string;
  let writer: MongoClient;
  let reader: MongoClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-sliced-commit-'));
    dirs.push(dir);
    engine = await startEmbeddedEngine({ dbPath: dir });
    writer = await new MongoClient(engine.uri).connect();
    reader = await new MongoClient(engine.uri).connect();
    const entries = writer.db('d').collection('entries');
    await entries.createIndexes([
      { key: { batch: 1, n: 1 }, name: 'batch_n', unique: true },
      { key: { text: 1 }, name: 'text' },
    ]);
    await entries.insertMany([
      { batch: 'before', n: 1, text: 'already there' },
      { batch: 'before', n: 2, text: 'already there too' },
    ]);
  });

  afterEach(async () => {
    await reader.close();
    await writer.close();
    await engine.close();
  });

  afterAll(() => {
    for (const path of dirs) rmSync(path, { recursive: true, force: true });
  });

  it('is large enough to be applied in slices', () => {
    expect(BATCH).toBeGreaterThanOrEqual(SLICED_COMMIT_OPS);
  });

  function batchOf(batch: string, size: number): Document[] {
    return Array.from({ length: size }, (_, n) => ({ batch, n, text: `entry ${n} of ${batch}` }));
  }

  /** Commits `docs` in one transaction; resolves with the error when the commit fails. */
  async function commitInTransaction(docs: Document[]): Promise<MongoServerError | undefined> {
    const session = writer.startSession();
    try {
      session.startTransaction();
      await writer.db('d').collection('entries').insertMany(docs, { session });
      await session.commitTransaction();
      return undefined;
    } catch (error) {
      if (error instanceof MongoServerError) return error;
      throw error;
    } finally {
      await session.endSession();
    }
  }

  /** Runs `read` repeatedly until `done` settles; returns what each read saw, in order. */
  async function readWhile<T>(done: Promise<unknown>, read: () => Promise<T>): Promise<T[]> {
    let finished = false;
    void done.finally(() => (finished = true));
    const seen: T[] = [];
    while (!finished) seen.push(await read());
    return seen;
  }

  function entries(client: MongoClient): Collection {
    return client.db('d').collection('entries');
  }

  it('answers readers while it applies, and they see none of it until all of it', async () => {
    const commit = commitInTransaction(batchOf('big', BATCH));
    // Each read, by what it would answer before the commit and after it.
    const reads: [() => Promise<number>, number, number][] = [
      [() => entries(reader).countDocuments({ batch: 'big' }), 0, BATCH],
      [() => entries(reader).countDocuments({}), 2, BATCH + 2],
      [async () => (await entries(reader).find({ text: 'entry 7 of big' }).toArray()).length, 0, 1],
      [
        async () =>
          (
            await entries(reader)
              .find({ batch: 'big', n: { $lt: 100 } })
              .toArray()
          ).length,
        0,
        100,
      ],
    ];
    const phases = await readWhile(commit, async () => {
      const seen: string[] = [];
      for (const [read, before, after] of reads) {
        const answer = await read();
        seen.push(answer === before ? 'before' : answer === after ? 'after' : `partial: ${answer}`);
      }
      return seen;
    });
    expect(await commit).toBeUndefined();
    // Reads were answered while the commit was under way, each seeing all of it or none, and once one
    // saw it every later one did.
    const sequence = phases.flat();
    expect(sequence.length).toBeGreaterThan(0);
    expect(sequence[0]).toBe('before');
    const firstAfter = sequence.indexOf('after');
    const expected = sequence.map((_, i) => (firstAfter >= 0 && i >= firstAfter ? 'after' : 'before'));
    expect(sequence).toEqual(expected);
    expect(await entries(reader).countDocuments({ batch: 'big' })).toBe(BATCH);
    expect(await entries(reader).countDocuments({ batch: 'big', n: { $gte: BATCH - 10 } })).toBe(10);
  });

  it('enforces unique keys against a write sent while it commits', async () => {
    const session = writer.startSession();
    session.startTransaction();
    await entries(writer).insertMany(batchOf('big', BATCH), { session });
    const outcome = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: unknown) => (error instanceof MongoServerError ? error.code : error),
      );
    const commit = outcome(session.commitTransaction());
    // Sent right after the commit (it waits for it while it is applied): one of its unique keys.
    const clash = outcome(entries(reader).insertOne({ batch: 'big', n: 5, text: 'a second entry 5' }));
    const results = [await commit, await clash];
    await session.endSession();
    // Whichever came first wins; the other fails with a duplicate key and leaves nothing behind.
    expect([
      ['ok', 11000],
      [11000, 'ok'],
    ]).toContainEqual(results);
    expect(await entries(reader).countDocuments({ batch: 'big', n: 5 })).toBe(1);
    expect(await entries(reader).countDocuments({ batch: 'big' })).toBe(results[0] === 'ok' ? BATCH : 1);
  });

  it('fails whole when a unique key was taken before it committed', async () => {
    const session = writer.startSession();
    session.startTransaction();
    await entries(writer).insertMany(batchOf('big', BATCH), { session });
    // Not locked by the transaction (another _id): a plain write takes key n = BATCH - 1 first.
    await entries(reader).insertOne({ batch: 'big', n: BATCH - 1, text: 'taken first' });
    const failure = await session.commitTransaction().then(
      () => undefined,
      (error: unknown) => error,
    );
    await session.endSession();
    expect(failure).toBeInstanceOf(MongoServerError);
    expect((failure as MongoServerError).code).toBe(11000);
    // Nothing of the transaction is left, in the documents or in the indexes.
    expect(await entries(reader).countDocuments({ batch: 'big' })).toBe(1);
    expect(await entries(reader).countDocuments({ text: 'entry 3 of big' })).toBe(0);
    await entries(reader).insertOne({ batch: 'big', n: 3, text: 'entry 3 of big' });
    expect(await entries(reader).countDocuments({ text: 'entry 3 of big' })).toBe(1);
  });

  function journalFiles(path: string): string[] {
    return readdirSync(path).filter((name) => /^journal\.\d+\.bin$/.test(name));
  }

  /** The journal files as they are on disk now: what a process killed at this moment leaves. */
  function captureJournal(path: string): [string, Buffer][] {
    return journalFiles(path).map((name) => [name, readFileSync(join(path, name))]);
  }

  /** Starts an engine on a copy of the directory holding only the captured journal; counts the batch. */
  async function countAfterCrash(journal: [string, Buffer][]): Promise<[number, number]> {
    const crashed = mkdtempSync(join(tmpdir(), 'engine-sliced-crash-'));
    dirs.push(crashed);
    for (const [name, bytes] of journal) writeFileSync(join(crashed, name), bytes);
    const restarted = await startEmbeddedEngine({ dbPath: crashed });
    const client = await new MongoClient(restarted.uri).connect();
    try {
      return [
        await entries(client).countDocuments({ batch: 'big' }),
        await entries(client).countDocuments({ batch: 'before' }),
      ];
    } finally {
      await client.close();
      await restarted.close();
    }
  }

  it('is recovered whole or not at all after a crash during the commit, and whole after it', async () => {
    const commit = commitInTransaction(batchOf('big', BATCH));
    const duringCommit: [string, Buffer][][] = [];
    await readWhile(commit, async () => {
      const count = await entries(reader).countDocuments({ batch: 'big' });
      // The engine is in this process: between its slices the files are exactly what a crash leaves.
      if (count === 0) duringCommit.push(captureJournal(dir));
      return count;
    });
    expect(await commit).toBeUndefined();
    const afterCommit = captureJournal(dir);
    expect(duringCommit.length).toBeGreaterThan(0);
    // Captured while applying (nothing journaled yet) or while journaling: all of it or none, never part.
    for (const journal of new Set([duringCommit[0], duringCommit[duringCommit.length - 1]])) {
      expect([
        [0, 2],
        [BATCH, 2],
      ]).toContainEqual(await countAfterCrash(journal));
    }
    expect(await countAfterCrash(afterCommit)).toEqual([BATCH, 2]);
  });
});
