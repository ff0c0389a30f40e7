import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, MongoClient } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';
import { canMountTmpfs, mountTmpfs, SmallFileSystem } from './tmpfs';

interface Item extends Document {
  _id: number;
  text: string;
}

const describeAsRoot = canMountTmpfs ? describe : describe.skip;

/** The engine on a 2 MB tmpfs: the disk really fills up, then space is freed again. */
describeAsRoot('a real file system running full (2 MB tmpfs)', () => {
  let disk: SmallFileSystem;
  const copies: string[] = [];

  beforeAll(() => {
    disk = mountTmpfs('2m');
  });

  afterAll(() => {
    disk.unmount();
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  /** What a crash right now would leave, copied off the small disk. */
  function crashCopy(dir: string): string {
    const copy = mkdtempSync(join(tmpdir(), 'engine-tmpfs-copy-'));
    copies.push(copy);
    for (const name of readdirSync(dir)) {
      if (name !== 'engine.lock') cpSync(join(dir, name), join(copy, name));
    }
    return copy;
  }

  async function storedIds(dbPath: string): Promise<{ ids: number[]; warnings: string[] }> {
    const warnings: string[] = [];
    const engine = await startEmbeddedEngine({
      dbPath,
      logger: {
        info: () => undefined,
        debug: () => undefined,
        warn: (m) => warnings.push(m),
        error: (m) => warnings.push(m),
      },
    });
    const client = await new MongoClient(engine.uri).connect();
    try {
      const docs = await client
        .db('d')
        .collection<Item>('c')
        .find({}, { projection: { _id: 1 } })
        .toArray();
      return { ids: docs.map((doc) => doc._id).sort((a, b) => a - b), warnings };
    } finally {
      await client.close();
      await engine.close();
    }
  }

  it('keeps every acknowledged write, hides refused ones, and writes again once space is freed', async () => {
    const dbPath = join(disk.path, 'db');
    const ballast = join(disk.path, 'ballast');
    writeFileSync(ballast, Buffer.alloc(1024 * 1024));
    const engine: EmbeddedEngine = await startEmbeddedEngine({ dbPath });
    const client = await new MongoClient(engine.uri).connect();
    const items = client.db('d').collection<Item>('c');
    const storage = async () =>
      ((await client.db('admin').command({ serverStatus: 1 })) as { storageEngine: Document }).storageEngine;
    try {
      const acknowledged: number[] = [];
      const refused: number[] = [];
      // Several in flight, so the journal writes several records at once when the disk runs full.
      for (let round = 0; refused.length === 0 && round < 100; round++) {
        const ids = [0, 1, 2, 3].map((k) => round * 4 + k);
        const results = await Promise.allSettled(
          ids.map((id) => items.insertOne({ _id: id, text: String(id % 10).repeat(20_000 + id * 37) })),
        );
        results.forEach((result, k) => {
          if (result.status === 'fulfilled') acknowledged.push(ids[k]);
          else {
            expect(result.reason).toMatchObject({ code: 14031, codeName: 'OutOfDiskSpace' });
            refused.push(ids[k]);
          }
        });
      }
      expect(refused.length).toBeGreaterThan(0);
      expect(acknowledged.length).toBeGreaterThan(10);
      expect(await items.countDocuments({ _id: { $in: refused } })).toBe(0);
      expect(await items.countDocuments()).toBe(acknowledged.length);
      expect(await storage()).toMatchObject({
        writable: false,
        writeFailure: expect.stringMatching(/disk full/),
      });

      const afterCrashWhileFull = await storedIds(crashCopy(dbPath));
      expect(afterCrashWhileFull.ids).toEqual(acknowledged);
      expect(afterCrashWhileFull.warnings).toEqual([]);

      rmSync(ballast);
      const deadline = Date.now() + 5000;
      while ((await storage()).writable !== true && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await storage()).toMatchObject({ writable: true });
      await items.insertOne({ _id: 10_000, text: 'after space was freed' });

      const afterCrash = await storedIds(crashCopy(dbPath));
      expect(afterCrash.ids).toEqual([...acknowledged, 10_000]);
      expect(afterCrash.warnings).toEqual([]);
      await client.close();
      await engine.close();
      expect((await storedIds(dbPath)).ids).toEqual([...acknowledged, 10_000]);
    } finally {
      await client.close();
      await engine.close();
    }
  });
});
