import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, MongoClient, MongoServerError } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine, StorageFile, StorageFileSystem } from '../../src';
import { nodeFileSystem } from '../../src/storage/files';
import { readRecords } from '../../src/storage/records';
import { Store } from '../../src/storage/store';

/** An errno error as node:fs reports it. */
function errnoError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated failure, ${syscall}`), { code, syscall });
}

/**
 * node:fs with faults injected at the calls the journal and snapshots make: a disk with `spaceLeft` bytes
 * (a write larger than that stores part of it, the next one fails with ENOSPC, as write(2) does), short
 * writes, and failing fsyncs or truncations.
 */
class FaultyFileSystem implements StorageFileSystem {
  /** Bytes the disk still takes; undefined: unlimited. */
  spaceLeft: number | undefined;
  /** The disk fills up (spaceLeft 0) after this many more write calls. */
  writesBeforeFull: number | undefined;
  /** At most this many bytes per write call. */
  maxBytesPerWrite = Number.POSITIVE_INFINITY;
  /** Fail this many of the next fsync calls with EIO. */
  failingSyncs = 0;
  /** Fail this many of the next truncations with EIO. */
  failingTruncations = 0;
  /** Only files whose name matches are faulty. */
  affects: RegExp = /./;
  writeCalls = 0;

  async open(path: string, flags: 'a' | 'w' | 'r'): Promise<StorageFile> {
    const file = await nodeFileSystem.open(path, flags);
    const faulty = this.affects.test(path);
    return {
      write: async (bytes, offset, length) => {
        if (!faulty) return file.write(bytes, offset, length);
        this.writeCalls += 1;
        if (this.writesBeforeFull !== undefined && this.writesBeforeFull-- <= 0) this.spaceLeft = 0;
        const allowed = Math.min(length, this.maxBytesPerWrite, this.spaceLeft ?? length);
        if (allowed <= 0) throw errnoError('ENOSPC', 'write');
        const written = await file.write(bytes, offset, allowed);
        if (this.spaceLeft !== undefined) this.spaceLeft -= written;
        return written;
      },
      datasync: async () => {
        if (faulty && this.failingSyncs > 0) {
          this.failingSyncs -= 1;
          throw errnoError('EIO', 'fdatasync');
        }
        await file.datasync();
      },
      sync: () => file.sync(),
      truncate: async (length) => {
        if (faulty && this.failingTruncations > 0) {
          this.failingTruncations -= 1;
          throw errnoError('EIO', 'ftruncate');
        }
        await file.truncate(length);
      },
      close: () => file.close(),
    };
  }

  readFile = nodeFileSystem.readFile;
  readdir = nodeFileSystem.readdir;
  truncate = nodeFileSystem.truncate;
  rename = nodeFileSystem.rename;
  remove = nodeFileSystem.remove;
}

interface Item extends Document {
  _id: number;
  text: string;
  key?: string;
}

const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'engine-disk-faults-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** What a crash right now would leave: a copy of the data directory as it is on disk. */
function crashCopy(dir: string): string {
  const copy = freshDir();
  for (const name of readdirSync(dir)) {
    if (name !== 'engine.lock') cpSync(join(dir, name), join(copy, name));
  }
  return copy;
}

/** Every _id stored in a data directory, read by a fresh engine, and what it warned about. */
async function idsAfterRestart(dir: string): Promise<{ ids: number[]; warnings: string[] }> {
  const warnings: string[] = [];
  const engine = await startEmbeddedEngine({
    dbPath: dir,
    logger: {
      info: () => undefined,
      debug: () => undefined,
      warn: (m) => warnings.push(m),
      error: (m) => warnings.push(m),
    },
  });
  const client = await new MongoClient(engine.uri).connect();
  try {
    const docs = await client.db('d').collection<Item>('c').find().sort({ _id: 1 }).toArray();
    return { ids: docs.map((doc) => doc._id), warnings };
  } finally {
    await client.close();
    await engine.close();
  }
}

function journalBytes(dir: string): Buffer[] {
  return readdirSync(dir)
    .filter((name) => /^journal\.\d+\.bin$/.test(name))
    .map((name) => readFileSync(join(dir, name)));
}

function item(id: number, size = 2000): Item {
  return { _id: id, text: 'x'.repeat(size) };
}

async function expectRefused(write: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await write.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  expect(error).toMatchObject({ code: 14031, codeName: 'OutOfDiskSpace' });
  expect((error as MongoServerError).message).toMatch(message);
}

describe('writes on a failing disk (faults injected at the journal file calls)', () => {
  let dir: string;
  let disk: FaultyFileSystem;
  let engine: EmbeddedEngine;
  let client: MongoClient;
  const items = () => client.db('d').collection<Item>('c');
  const storageState = async () =>
    ((await client.db('admin').command({ serverStatus: 1 })) as { storageEngine: Document }).storageEngine;

  beforeEach(async () => {
    dir = freshDir();
    disk = new FaultyFileSystem();
    engine = await startEmbeddedEngine({ dbPath: dir, fileSystem: disk });
    client = await new MongoClient(engine.uri).connect();
  });

  afterEach(async () => {
    await client.close();
    await engine.close();
  });

  it('stores every byte of acknowledged writes when the disk takes a few bytes per call', async () => {
    disk.maxBytesPerWrite = 7;
    await items().insertOne(item(1));
    await Promise.all([2, 3, 4, 5, 6].map((id) => items().insertOne(item(id, 300 * id))));
    await items().insertMany([item(7), item(8)]);
    await items().updateOne({ _id: 3 }, { $set: { text: 'changed' } });
    expect(disk.writeCalls).toBeGreaterThan(1000);
    for (const bytes of journalBytes(dir)) expect(readRecords(bytes).validLength).toBe(bytes.length);
    const { ids, warnings } = await idsAfterRestart(crashCopy(dir));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(warnings).toEqual([]);
  });

  it('refuses a write the disk has no room for, undoes it, and resumes once space is freed', async () => {
    await items().insertMany([1, 2, 3].map((id) => item(id)));
    disk.spaceLeft = 500; // part of the next record fits: a torn tail unless it is cut back
    await expectRefused(items().insertOne(item(4)), /disk full \(ENOSPC\)/);
    expect(await items().findOne({ _id: 4 })).toBeNull();
    expect(await items().countDocuments()).toBe(3);
    expect(await storageState()).toMatchObject({
      writable: false,
      writeFailure: expect.stringMatching(/disk full/),
    });
    // The refused record was cut off at once: the journal ends with the last acknowledged record.
    for (const bytes of journalBytes(dir)) expect(readRecords(bytes).validLength).toBe(bytes.length);

    // Still full: refused again, nothing half-done.
    await expectRefused(items().updateOne({ _id: 1 }, { $set: { text: 'y'.repeat(4000) } }), /disk full/);
    expect((await items().findOne({ _id: 1 }))?.text).toBe(item(1).text);

    disk.spaceLeft = undefined;
    await items().insertOne(item(5));
    expect(await storageState()).toMatchObject({ writable: true });
    expect((await items().find().toArray()).map((doc) => doc._id)).toEqual([1, 2, 3, 5]);

    const { ids, warnings } = await idsAfterRestart(crashCopy(dir));
    expect(ids).toEqual([1, 2, 3, 5]);
    expect(warnings).toEqual([]);
  });

  it('undoes every write queued behind a refused one, index entries included', async () => {
    await items().createIndex({ key: 1 }, { unique: true });
    await items().insertOne({ ...item(0), key: 'k0' });
    disk.spaceLeft = 12_000;
    const ids = Array.from({ length: 24 }, (_, i) => i + 1);
    const results = await Promise.allSettled(
      ids.map((id) => items().insertOne({ ...item(id), key: `k${id}` })),
    );
    const acknowledged = [0, ...ids.filter((_, i) => results[i].status === 'fulfilled')];
    const refused = ids.filter((_, i) => results[i].status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 14031 });
    }
    const visible = (await items().find().sort({ _id: 1 }).toArray()).map((doc) => doc._id);
    expect(visible).toEqual(acknowledged);

    disk.spaceLeft = undefined;
    // The unique key of a refused insert is free again.
    await items().insertOne({ ...item(100), key: `k${refused[0]}` });
    const afterCrash = await idsAfterRestart(crashCopy(dir));
    expect(afterCrash.ids).toEqual([...acknowledged, 100]);
    expect(afterCrash.warnings).toEqual([]);
  });

  it('refuses a write whose fsync fails and removes its complete record', async () => {
    await items().insertOne(item(1));
    disk.failingSyncs = 1;
    await expectRefused(items().insertOne(item(2)), /journal cannot be written \(EIO\)/);
    expect(await items().findOne({ _id: 2 })).toBeNull();
    await items().insertOne(item(3));
    expect((await idsAfterRestart(crashCopy(dir))).ids).toEqual([1, 3]);
  });

  it('when even cutting the tail back fails, repairs it before the next append', async () => {
    await items().insertOne(item(1));
    disk.spaceLeft = 300;
    disk.failingTruncations = 1;
    await expectRefused(items().insertOne(item(2)), /disk full/);
    // On disk now: record 1, then the torn start of record 2.
    const torn = journalBytes(dir).some((bytes) => readRecords(bytes).validLength < bytes.length);
    expect(torn).toBe(true);
    disk.spaceLeft = undefined;
    await items().insertOne(item(3));
    for (const bytes of journalBytes(dir)) expect(readRecords(bytes).validLength).toBe(bytes.length);
    const { ids, warnings } = await idsAfterRestart(crashCopy(dir));
    expect(ids).toEqual([1, 3]);
    expect(warnings).toEqual([]);
  });

  it('reports writable again without a write once space is freed (a periodic probe)', async () => {
    disk.spaceLeft = 100;
    await expectRefused(items().insertOne(item(1)), /disk full/);
    expect(await storageState()).toMatchObject({ writable: false });
    disk.spaceLeft = undefined;
    const deadline = Date.now() + 5000;
    while ((await storageState()).writable !== true && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await storageState()).toMatchObject({ writable: true });
  });

  it('fails a transaction whose commit the disk refuses, with nothing of it visible or stored', async () => {
    await items().insertOne(item(1));
    disk.spaceLeft = 1000;
    const session = client.startSession();
    const started = Date.now();
    try {
      await expectRefused(
        session.withTransaction(async () => {
          await items().insertOne(item(2), { session });
          await items().updateOne({ _id: 1 }, { $set: { text: 'in transaction' } }, { session });
        }),
        /disk full/,
      );
    } finally {
      await session.endSession();
    }
    // Refused at once, not retried by the driver as a transient error.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await items().find().toArray()).toEqual([item(1)]);
    disk.spaceLeft = undefined;
    await items().insertOne(item(3));
    expect((await idsAfterRestart(crashCopy(dir))).ids).toEqual([1, 3]);
  });

  it('removes a snapshot it could not finish and keeps the journal', async () => {
    await items().insertMany([item(1), item(2)]);
    disk.affects = /snapshot/;
    disk.spaceLeft = 100;
    await client.close();
    await engine.close(); // writes a snapshot on the way out: refused here
    expect(readdirSync(dir).filter((name) => name.startsWith('snapshot'))).toEqual([]);
    const { ids } = await idsAfterRestart(dir);
    expect(ids).toEqual([1, 2]);
    disk.affects = /./;
    disk.spaceLeft = undefined;
    engine = await startEmbeddedEngine({ dbPath: dir, fileSystem: disk });
    client = await new MongoClient(engine.uri).connect();
  });
});

describe('compaction racing a refused write', () => {
  it('does not install a snapshot that captured a write the journal then refused', async () => {
    const dir = freshDir();
    const disk = new FaultyFileSystem();
    disk.affects = /journal/;
    const logger = {
      info: () => undefined,
      debug: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const store = await Store.open({ dbPath: dir, logger, fileSystem: disk, compactJournalRecords: 0 });
    disk.writesBeforeFull = 1;
    const accepted = store.begin();
    accepted.insert('d', 'c', item(1));
    const first = accepted.commit();
    // Applied in memory while the first record is being written; captured by the compaction that
    // follows it; then refused by the disk.
    const refusedUnit = store.begin();
    refusedUnit.insert('d', 'c', item(2));
    const second = refusedUnit.commit();
    const secondOutcome = second.then(
      () => 'stored',
      (error: unknown) => (error as { code?: number }).code,
    );
    await first;
    expect(await secondOutcome).toBe(14031);
    await store.compact();
    expect(store.catalog.get('d', 'c')?.docs.size).toBe(1);
    // A crash now: the disk must not bring back the refused write.
    const { ids } = await idsAfterRestart(crashCopy(dir));
    expect(ids).toEqual([1]);
    disk.writesBeforeFull = undefined;
    disk.spaceLeft = undefined;
    await store.close();
  });
});
