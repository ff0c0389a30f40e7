import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collection, Document, MongoClient, ObjectId } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';
import { readRecords } from '../../src/storage/records';

interface Row extends Document {
  _id: number;
  n: number;
}

type Id = number | string | ObjectId;

interface AnyRow extends Document {
  _id: Id;
}

const SIZE = 200;

/** 0..SIZE-1 in a scrambled order, so natural order and `_id` order differ. */
function scrambled(): number[] {
  return Array.from({ length: SIZE }, (_, i) => (i * 73) % SIZE);
}

function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let i = from; step > 0 ? i < to : i > to; i += step) out.push(i);
  return out;
}

/**
 * The `_id` index serves ranges and sorts as MongoDB's ordered `_id` index does (the document map answers
 * equalities), without becoming an index of its own anywhere: listings, counts, snapshots and journals.
 */
describe('the ordered _id index', () => {
  let dir: string;
  let engine: EmbeddedEngine;
  let client: MongoClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-id-index-'));
    engine = await startEmbeddedEngine({ dbPath: dir });
    client = await new MongoClient(engine.uri).connect();
    await rows().createIndex({ n: 1 });
    await rows().insertMany(scrambled().map((id) => ({ _id: id, n: id % 10 })));
  });

  afterAll(async () => {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (): Collection<Row> => client.db('ids').collection<Row>('rows');

  async function ids(cursor: { toArray(): Promise<Row[]> }): Promise<number[]> {
    return (await cursor.toArray()).map((row) => row._id);
  }

  /** The query's ids as planned and as a collection scan gives them (same order expected). */
  async function compareWithScan(filter: Document, options: Document = {}): Promise<number[]> {
    const planned = await ids(rows().find(filter, options));
    const scanned = await ids(rows().find(filter, { ...options, hint: { $natural: 1 } }));
    expect({ filter, options, ids: planned }).toEqual({ filter, options, ids: scanned });
    return planned;
  }

  it('answers _id ranges and sorts as a scan does, with limits, skips and other conditions', async () => {
    const unsorted = await compareWithScan({ _id: { $gt: 150 } });
    expect([...unsorted].sort((a, b) => a - b)).toEqual(range(151, SIZE));
    expect(await compareWithScan({ _id: { $gte: 20, $lt: 40 } }, { sort: { _id: 1 } })).toEqual(
      range(20, 40),
    );
    expect(await compareWithScan({}, { sort: { _id: -1 }, skip: 5, limit: 10 })).toEqual(range(194, 184, -1));
    expect(await compareWithScan({ _id: { $lte: 30 } }, { sort: { _id: -1 }, limit: 4 })).toEqual([
      30, 29, 28, 27,
    ]);
    expect(await compareWithScan({ _id: { $lt: 100 }, n: 3 }, { sort: { _id: -1 } })).toEqual(
      range(93, 0, -10),
    );
    expect(
      await compareWithScan({ _id: { $gt: 180 }, n: { $gte: 5 } }, { sort: { _id: 1 }, limit: 3 }),
    ).toEqual([185, 186, 187]);
    await compareWithScan({ _id: { $gt: 10, $lt: 60 }, n: { $in: [1, 2] } });
    await compareWithScan({ n: 4 }, { sort: { _id: 1 }, limit: 5 });
    await compareWithScan({ $or: [{ _id: { $lt: 5 } }, { _id: { $gt: 195 } }] });
    expect(await rows().countDocuments({ _id: { $gte: 50, $lt: 75 } })).toBe(25);
    expect((await rows().distinct('n', { _id: { $lt: 3 } })).sort()).toEqual([0, 1, 2]);
    const aggregated = await rows()
      .aggregate<Row>([{ $match: { _id: { $gte: 197 } } }, { $sort: { _id: -1 } }])
      .toArray();
    expect(aggregated.map((row) => row._id)).toEqual([199, 198, 197]);
  });

  it('pages by _id with $gt the last _id seen, each page examining about a page of keys', async () => {
    const seen: number[] = [];
    let last = -1;
    for (;;) {
      const filter = { _id: { $gt: last } };
      const page = await ids(rows().find(filter).sort({ _id: 1 }).limit(30));
      if (page.length === 0) break;
      const explained = await rows().find(filter).sort({ _id: 1 }).limit(30).explain('executionStats');
      // The page, the last _id seen (the bound, excluded) and the key after the page.
      expect(explained.executionStats.totalKeysExamined).toBeLessThanOrEqual(32);
      expect(explained.executionStats.totalDocsExamined).toBeLessThanOrEqual(31);
      seen.push(...page);
      last = page[page.length - 1];
    }
    expect(seen).toEqual(range(0, SIZE));
  });

  it('explains _id ranges and sorts as IXSCAN on _id_, equalities still as IDHACK', async () => {
    const limited = await rows()
      .find({ _id: { $gte: 50 } })
      .sort({ _id: 1 })
      .limit(5)
      .explain('executionStats');
    expect(limited.queryPlanner.winningPlan).toMatchObject({
      stage: 'FETCH',
      inputStage: {
        stage: 'IXSCAN',
        indexName: '_id_',
        keyPattern: { _id: 1 },
        isUnique: true,
        direction: 'forward',
        indexBounds: { _id: ['[50, MaxKey]'] },
      },
    });
    expect(JSON.stringify(limited.queryPlanner.winningPlan)).not.toContain('SORT');
    expect(limited.executionStats.nReturned).toBe(5);
    expect(limited.executionStats.totalKeysExamined).toBeLessThanOrEqual(6);
    expect(limited.executionStats.totalDocsExamined).toBeLessThanOrEqual(6);

    const bounded = await rows()
      .find({ _id: { $gte: 50, $lt: 60 } })
      .explain('executionStats');
    expect(bounded.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'IXSCAN', indexName: '_id_' });
    expect(bounded.executionStats).toMatchObject({ nReturned: 10, totalDocsExamined: 10 });
    expect(bounded.executionStats.totalKeysExamined).toBeLessThanOrEqual(11);

    const backward = await rows().find().sort({ _id: -1 }).limit(3).explain('executionStats');
    expect(backward.queryPlanner.winningPlan.inputStage).toMatchObject({
      stage: 'IXSCAN',
      indexName: '_id_',
      direction: 'backward',
    });
    expect(backward.executionStats.totalKeysExamined).toBeLessThanOrEqual(4);

    // An equality on a secondary index still wins over a range on _id.
    const secondary = await rows()
      .find({ n: 3, _id: { $gt: 10 } })
      .explain('queryPlanner');
    expect(secondary.queryPlanner.winningPlan.inputStage.indexName).toBe('n_1');

    const point = await rows().find({ _id: 7 }).explain('executionStats');
    expect(point.queryPlanner.winningPlan.stage).toBe('IDHACK');

    for (const hint of ['_id_', { _id: 1 }]) {
      const hinted = await rows()
        .find({ _id: { $lt: 10 } }, { hint })
        .explain('executionStats');
      expect(hinted.queryPlanner.winningPlan.inputStage).toMatchObject({
        stage: 'IXSCAN',
        indexName: '_id_',
      });
      expect(hinted.executionStats.totalDocsExamined).toBe(10);
      const sortedHint = await rows()
        .find({ n: 2 }, { hint, sort: { _id: -1 }, limit: 2 })
        .toArray();
      expect(sortedHint.map((row) => row._id)).toEqual([192, 182]);
    }
  });

  it('follows inserts, updates and deletes', async () => {
    await rows().insertMany([
      { _id: 500, n: 1 },
      { _id: 250, n: 2 },
      { _id: -5, n: 3 },
    ]);
    await rows().deleteMany({ _id: { $gte: 100, $lt: 150 } });
    await rows().updateMany({ _id: { $gte: 150, $lt: 160 } }, { $set: { n: 42 } });
    await rows().replaceOne({ _id: 170 }, { n: 43 });
    await rows().replaceOne({ _id: 300 }, { n: 44 }, { upsert: true });
    expect(await compareWithScan({ _id: { $gte: 95 } }, { sort: { _id: 1 }, limit: 8 })).toEqual([
      95, 96, 97, 98, 99, 150, 151, 152,
    ]);
    expect(await compareWithScan({}, { sort: { _id: -1 }, limit: 4 })).toEqual([500, 300, 250, 199]);
    expect(await compareWithScan({ _id: { $lt: 1 } }, { sort: { _id: 1 } })).toEqual([-5, 0]);
    await compareWithScan({ _id: { $gt: 140 }, n: { $gte: 42 } }, { sort: { _id: 1 } });
    await compareWithScan({ _id: { $gt: 90, $lte: 175 } });
    const removed = await rows().findOneAndDelete({ _id: { $gt: 145 } }, { sort: { _id: 1 } });
    expect(removed?._id).toBe(150);
    expect(await compareWithScan({ _id: { $gt: 140 } }, { sort: { _id: 1 }, limit: 1 })).toEqual([151]);
  });

  it('sees a transaction its own writes and its snapshot, through the ordered _id index', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      await rows().insertOne({ _id: 1000, n: 5 }, { session });
      await rows().deleteOne({ _id: 199 }, { session });
      await rows().updateOne({ _id: 198 }, { $set: { n: 77 } }, { session });
      // Written outside the transaction after its snapshot: invisible to it.
      await rows().insertOne({ _id: 2000, n: 5 });
      const inside = await rows()
        .find({ _id: { $gt: 190 } }, { session, sort: { _id: -1 } })
        .toArray();
      expect(inside.map((row) => row._id)).toEqual([
        1000, 500, 300, 250, 198, 197, 196, 195, 194, 193, 192, 191,
      ]);
      expect(inside.find((row) => row._id === 198)?.n).toBe(77);
      const top = await rows()
        .find({}, { session, sort: { _id: -1 }, limit: 2 })
        .toArray();
      expect(top.map((row) => row._id)).toEqual([1000, 500]);
      expect(await ids(rows().find({ _id: { $gt: 400 } }, { sort: { _id: 1 } }))).toEqual([500, 2000]);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await compareWithScan({ _id: { $gt: 190 } }, { sort: { _id: -1 } })).toEqual([
      2000, 1000, 500, 300, 250, 198, 197, 196, 195, 194, 193, 192, 191,
    ]);
  });

  it('orders mixed _id types as BSON does: numbers, then strings, then ObjectIds', async () => {
    const mixed = client.db('ids').collection<AnyRow>('mixed');
    const first = new ObjectId('650000000000000000000001');
    const second = new ObjectId('650000000000000000000002');
    const values: Id[] = ['b', 3, second, -1.5, 'a', first, 10, 'ab', 2.25];
    await mixed.insertMany(values.map((_id, i) => ({ _id, i })));
    const order = async (filter: Document, direction: 1 | -1) => {
      const planned = await mixed.find(filter).sort({ _id: direction }).toArray();
      const scanned = await mixed
        .find(filter, { hint: { $natural: 1 } })
        .sort({ _id: direction })
        .toArray();
      expect(planned).toEqual(scanned);
      return planned.map((row) => row._id);
    };
    expect(await order({}, 1)).toEqual([-1.5, 2.25, 3, 10, 'a', 'ab', 'b', first, second]);
    expect(await order({}, -1)).toEqual([second, first, 'b', 'ab', 'a', 10, 3, 2.25, -1.5]);
    expect(await order({ _id: { $gt: 2.25 } }, 1)).toEqual([3, 10]);
    expect(await order({ _id: { $gte: 'a', $lt: 'b' } }, 1)).toEqual(['a', 'ab']);
    expect(await order({ _id: { $gt: first } }, -1)).toEqual([second]);
    const explained = await mixed
      .find({ _id: { $gte: 'a' } })
      .sort({ _id: 1 })
      .explain('executionStats');
    expect(explained.queryPlanner.winningPlan.inputStage.indexName).toBe('_id_');
    expect(explained.executionStats.nReturned).toBe(3);
  });

  it('adds no index: listings, counts and dropIndexes are as before', async () => {
    const names = async (coll: Collection<Row> | Collection<AnyRow>) =>
      (await coll.listIndexes().toArray()).map((index) => index.name as string);
    expect(await names(rows())).toEqual(['_id_', 'n_1']);
    expect(await names(client.db('ids').collection<AnyRow>('mixed'))).toEqual(['_id_']);
    const stats = await client.db('ids').command({ collStats: 'rows' });
    expect(stats.nindexes).toBe(2);
    const dropped = await client.db('ids').command({ dropIndexes: 'mixed', index: '*' });
    expect(dropped.nIndexesWas).toBe(1);
    expect(await names(client.db('ids').collection<AnyRow>('mixed'))).toEqual(['_id_']);
  });

  function snapshotFacts(): { indexes: unknown; orders: string[] } {
    const records = readRecords(readFileSync(join(dir, 'snapshot.bson'))).records;
    let indexes: unknown;
    const orders: string[] = [];
    let current = '';
    for (const [head] of records) {
      if (head.kind === 'collection') current = `${String(head.db)}.${String(head.name)}`;
      if (head.kind === 'collection' && current === 'ids.rows') indexes = head.indexes;
      if (head.kind === 'indexOrder' && current === 'ids.rows') orders.push(String(head.index));
    }
    return { indexes, orders: [...new Set(orders)] };
  }

  it('stores nothing of it: the snapshot lists the same indexes, and restarts answer the same', async () => {
    const before = await ids(
      rows()
        .find({ _id: { $gt: 180 } })
        .sort({ _id: -1 }),
    );
    await client.close();
    await engine.close();
    expect(snapshotFacts()).toEqual({
      indexes: [{ v: 2, key: { n: 1 }, name: 'n_1' }],
      orders: ['n_1'],
    });
    engine = await startEmbeddedEngine({ dbPath: dir });
    client = await new MongoClient(engine.uri).connect();
    expect(await compareWithScan({ _id: { $gt: 180 } }, { sort: { _id: -1 } })).toEqual(before);

    // Writes after the load, then a crash: the snapshot and the journal as they are on disk.
    await rows().insertMany([
      { _id: 199, n: 0 },
      { _id: 3000, n: 0 },
    ]);
    await rows().deleteOne({ _id: 2000 });
    const expected = await compareWithScan({ _id: { $gt: 180 } }, { sort: { _id: -1 } });
    const files = readdirSync(dir)
      .filter((name) => name === 'snapshot.bson' || /^journal\.\d+\.bin$/.test(name))
      .map((name) => [name, readFileSync(join(dir, name))] as const);
    await client.close();
    await engine.close();
    for (const name of readdirSync(dir)) {
      if (name === 'snapshot.bson' || /^journal\.\d+\.bin$/.test(name)) rmSync(join(dir, name));
    }
    for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
    engine = await startEmbeddedEngine({ dbPath: dir });
    client = await new MongoClient(engine.uri).connect();
    expect(await compareWithScan({ _id: { $gt: 180 } }, { sort: { _id: -1 } })).toEqual(expected);
    expect(await compareWithScan({ _id: { $lt: 50 }, n: 0 })).toHaveLength(5);
    expect((await rows().listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_', 'n_1']);
  });
});
