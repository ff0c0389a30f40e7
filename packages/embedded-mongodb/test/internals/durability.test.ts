import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, MongoClient } from 'mongodb';
import { startEmbeddedEngine } from '../../src';

/** Journal recovery: damaged tails are cut off and everything before them survives. */
describe('journal recovery', () => {
  const dirs: string[] = [];

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function freshDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'engine-durability-'));
    dirs.push(dir);
    return dir;
  }

  function journalFiles(dir: string): string[] {
    return readdirSync(dir)
      .filter((name) => /^journal\.\d+\.bin$/.test(name))
      .sort();
  }

  /** The newest journal file (where the last records went). */
  function lastJournal(dir: string): string {
    const files = journalFiles(dir);
    return join(dir, files[files.length - 1]);
  }

  /** Writes through an engine and leaves its journal behind as a crash would (no clean close). */
  async function writeAndAbandon(dir: string, docs: Document[]): Promise<void> {
    const engine = await startEmbeddedEngine({ dbPath: dir });
    const client = await new MongoClient(engine.uri).connect();
    await client.db('d').collection('c').insertMany(docs);
    await client.close();
    // Keep the journal as it is on disk, let close() write its snapshot, then put the journal back
    // and drop the snapshot: the state is exactly what a process killed right after the writes leaves.
    const saved = journalFiles(dir).map((name) => [name, readFileSync(join(dir, name))] as const);
    await engine.close();
    for (const name of journalFiles(dir)) rmSync(join(dir, name));
    for (const [name, bytes] of saved) writeFileSync(join(dir, name), bytes);
    rmSync(join(dir, 'snapshot.bson'), { force: true });
  }

  async function readBack(dir: string, warnings: string[]): Promise<Document[]> {
    const engine = await startEmbeddedEngine({
      dbPath: dir,
      logger: {
        info: () => undefined,
        debug: () => undefined,
        error: (m) => warnings.push(m),
        warn: (m) => warnings.push(m),
      },
    });
    const client = await new MongoClient(engine.uri).connect();
    try {
      return await client.db('d').collection('c').find().sort({ _id: 1 }).toArray();
    } finally {
      await client.close();
      await engine.close();
    }
  }

  it('replays the journal when there is no snapshot', async () => {
    const dir = freshDir();
    await writeAndAbandon(dir, [{ _id: 1 }, { _id: 2 }]);
    expect(await readBack(dir, [])).toEqual([{ _id: 1 }, { _id: 2 }]);
  });

  it('cuts off a torn last record (a crash in the middle of an append)', async () => {
    const dir = freshDir();
    await writeAndAbandon(dir, [{ _id: 1 }, { _id: 2 }]);
    const path = lastJournal(dir);
    const intact = statSync(path).size;
    // A record header announcing 500 bytes, followed by only a few of them.
    const torn = Buffer.alloc(20);
    torn.writeUInt32LE(500, 0);
    appendFileSync(path, torn);
    const warnings: string[] = [];
    expect(await readBack(dir, warnings)).toEqual([{ _id: 1 }, { _id: 2 }]);
    expect(warnings.join('\n')).toMatch(/damaged tail/);
    // The engine wrote a snapshot and a fresh journal generation on close: nothing damaged remains.
    expect(journalFiles(dir).filter((name) => statSync(join(dir, name)).size > 0)).toEqual([]);
    expect(intact).toBeGreaterThan(0);
  });

  it('cuts off a last record whose checksum does not match', async () => {
    const dir = freshDir();
    await writeAndAbandon(dir, [{ _id: 1 }]);
    const path = lastJournal(dir);
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 0x55;
    writeFileSync(path, bytes);
    const warnings: string[] = [];
    // The only record is damaged: the collection is gone, but the engine starts.
    expect(await readBack(dir, warnings)).toEqual([]);
    expect(warnings.join('\n')).toMatch(/checksum/);
  });

  it('starts on a journal that is pure garbage', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'journal.1.bin'), Buffer.from('definitely not a journal'));
    expect(await readBack(dir, [])).toEqual([]);
  });
});
