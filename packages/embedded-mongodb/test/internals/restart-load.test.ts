import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, MongoClient, ObjectId } from 'mongodb';
import { startEmbeddedEngine } from '../../src';
import { readRecords } from '../../src/storage/records';

/**
 * What a restart does: the snapshot is read in chunks and checked as they arrive, and its indexes are
 * built when first used (or in the background) rather than before the engine listens. Whatever comes
 * first after a restart — a query, a write, a duplicate, a clean close — sees the same answers as if every
 * index had been built at load.
 */
describe('restart load', () => {
  const dirs: string[] = [];

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function freshDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'engine-restart-'));
    dirs.push(dir);
    return dir;
  }

  async function withEngine<T>(
    dir: string,
    work: (client: MongoClient) => Promise<T>,
    thread = false,
  ): Promise<T> {
    const engine = await startEmbeddedEngine({ dbPath: dir, thread });
    const client = await new MongoClient(engine.uri).connect();
    try {
      return await work(client);
    } finally {
      await client.close();
      await engine.close();
    }
  }

  interface Entry {
    slug: string;
    group: ObjectId;
    position: number;
    tags: string[];
    flagged?: boolean;
  }

  const groups = [new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId()];

  /** A collection with a unique, a compound, a multikey and a partial index, closed (snapshot written). */
  async function indexedCollection(): Promise<string> {
    const dir = freshDir();
    await withEngine(dir, async (client) => {
      const coll = client.db('d').collection('entries');
      await coll.createIndexes([
        { key: { slug: 1 }, name: 'slug_unique', unique: true },
        { key: { group: 1, position: 1 }, name: 'group_position' },
        { key: { tags: 1 }, name: 'tags_1' },
        { key: { flagged: 1 }, name: 'flagged_partial', partialFilterExpression: { flagged: true } },
      ]);
      await coll.insertMany(
        Array.from({ length: 400 }, (_, i) => ({
          slug: `entry-${i}`,
          group: groups[i % groups.length],
          position: (i * 7) % 100,
          tags: [`t${i % 5}`, `t${i % 3}`],
          ...(i % 9 === 0 ? { flagged: true } : {}),
        })),
      );
    });
    return dir;
  }

  /** Index scans' answers beside a collection scan's (sorted the same way in JS). */
  async function throughIndexesAndScan(client: MongoClient) {
    const coll = client.db('d').collection('entries');
    const scanned = await coll.find({}).hint({ $natural: 1 }).toArray();
    const byPosition = (a: Document, b: Document) =>
      (a.position as number) - (b.position as number) || byIdOrder(a, b);
    const ids = (docs: Document[]) => docs.map((doc) => String(doc._id));
    const group = groups[1];
    return {
      viaIndexes: {
        group: ids(
          (await coll.find({ group }).sort({ position: 1 }).hint('group_position').toArray()).sort(
            byPosition,
          ),
        ),
        tag: ids(await coll.find({ tags: 't2' }).hint('tags_1').sort({ _id: 1 }).toArray()),
        flagged: ids(await coll.find({ flagged: true }).hint('flagged_partial').sort({ _id: 1 }).toArray()),
        slug: ids(
          await coll
            .find({ slug: { $gte: 'entry-390' } })
            .sort({ slug: 1 })
            .hint('slug_unique')
            .toArray(),
        ),
      },
      viaScan: {
        group: ids(scanned.filter((doc) => String(doc.group) === String(group)).sort(byPosition)),
        tag: ids(scanned.filter((doc) => (doc.tags as string[]).includes('t2')).sort(byIdOrder)),
        flagged: ids(scanned.filter((doc) => doc.flagged === true).sort(byIdOrder)),
        slug: ids(scanned.filter((doc) => (doc.slug as string) >= 'entry-390').sort(bySlug)),
      },
    };
  }
  /** Strings in code point order, as the engine compares them. */
  const byCodePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byIdOrder = (a: Document, b: Document) => byCodePoints(String(a._id), String(b._id));
  const bySlug = (a: Document, b: Document) => byCodePoints(a.slug as string, b.slug as string);

  test('a unique index refuses a duplicate that is the first write after a restart, and writes nothing', async () => {
    const dir = await indexedCollection();
    await withEngine(dir, async (client) => {
      const coll = client.db('d').collection('entries');
      await expect(coll.insertOne({ slug: 'entry-7', group: groups[0] })).rejects.toMatchObject({
        code: 11000,
      });
      await expect(coll.updateOne({ slug: 'entry-8' }, { $set: { slug: 'entry-9' } })).rejects.toMatchObject({
        code: 11000,
      });
      expect(await coll.countDocuments({ slug: { $in: ['entry-7', 'entry-8', 'entry-9'] } })).toBe(3);
      expect(await coll.countDocuments()).toBe(400);
    });
  });

  test('writes made first after a restart (insert, key changes, deletes) keep every index in step with the documents', async () => {
    const dir = await indexedCollection();
    const answers = await withEngine(dir, async (client) => {
      const coll = client.db('d').collection<Entry>('entries');
      await coll.insertOne({ slug: 'new', group: groups[1], position: 5, tags: ['t2'], flagged: true });
      await coll.updateMany({ position: { $lt: 10 } }, { $set: { group: groups[1] }, $push: { tags: 't2' } });
      await coll.deleteMany({ slug: { $in: ['entry-1', 'entry-9', 'entry-395'] } });
      await coll.updateOne({ slug: 'entry-18' }, { $unset: { flagged: '' } });
      return throughIndexesAndScan(client);
    });
    expect(answers.viaIndexes).toEqual(answers.viaScan);
    expect(answers.viaIndexes.group.length).toBeGreaterThan(100);
    // The next restart (whose snapshot holds those writes) answers the same.
    const again = await withEngine(dir, throughIndexesAndScan);
    expect(again).toEqual(answers);
  });

  test('an index nothing used since a restart keeps its recorded order through the next snapshot', async () => {
    const dir = await indexedCollection();
    const orders = () =>
      readRecords(readFileSync(join(dir, 'snapshot.bson')))
        .records.filter((record) => record[0].kind === 'indexOrder')
        .map((record) => ({ index: record[0].index, positions: record[0].positions }));
    const written = orders();
    expect(written.map((order) => order.index).sort()).toEqual([
      'flagged_partial',
      'group_position',
      'slug_unique',
    ]);
    // Only a collection scan: no index is built, and the close writes the orders it loaded.
    await withEngine(dir, async (client) => {
      const doc = await client
        .db('d')
        .collection('entries')
        .findOne({ slug: 'entry-3' }, { hint: { $natural: 1 } });
      expect(doc?.position).toBe(21);
    });
    expect(orders()).toEqual(written);
    const answers = await withEngine(dir, async (client) => {
      const plan = await client
        .db('d')
        .collection('entries')
        .find({ group: groups[2], position: { $gte: 50 } })
        .explain('executionStats');
      return {
        plan: JSON.stringify(plan.queryPlanner.winningPlan),
        ...(await throughIndexesAndScan(client)),
      };
    });
    expect(answers.plan).toContain('IXSCAN');
    expect(answers.viaIndexes).toEqual(answers.viaScan);
  });

  test.each([
    ['on the caller’s thread', false],
    ['on a thread of its own', true],
  ])(
    'a snapshot larger than one read loads whole %s, and a damaged byte near its end stops the start',
    async (_where, thread) => {
      const dir = freshDir();
      const text = 'x'.repeat(32 * 1024);
      await withEngine(
        dir,
        async (client) => {
          const coll = client.db('d').collection('big');
          for (let batch = 0; batch < 6; batch++) {
            await coll.insertMany(Array.from({ length: 60 }, (_, i) => ({ n: batch * 60 + i, text })));
          }
        },
        thread,
      );
      const path = join(dir, 'snapshot.bson');
      const bytes = readFileSync(path);
      expect(bytes.length).toBeGreaterThan(10 * 1024 * 1024);
      const loaded = await withEngine(
        dir,
        async (client) => {
          const coll = client.db('d').collection('big');
          const last = await coll.findOne({ n: 359 });
          return { count: await coll.countDocuments(), lastText: last?.text };
        },
        thread,
      );
      expect(loaded).toEqual({ count: 360, lastText: text });

      // One byte of a document's text in the last megabytes, inside a record (its checksum no longer matches).
      const damaged = Buffer.from(readFileSync(path));
      const at = damaged.lastIndexOf('xxxx') - 10;
      damaged[at] = 'y'.charCodeAt(0);
      writeFileSync(path, damaged);
      await expect(startEmbeddedEngine({ dbPath: dir, thread })).rejects.toThrow(/snapshot is damaged/);
    },
  );
});
