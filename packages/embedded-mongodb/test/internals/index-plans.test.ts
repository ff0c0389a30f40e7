import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collection, Document, MongoClient, MongoServerError, Sort } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';

interface Row extends Document {
  _id: number;
}

/** A seeded generator, so a failing query can be reproduced. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'alphabet', 'be', 'Beta'];
const TAGS = ['x', 'y', 'z', 'w'];

function makeRow(id: number, random: () => number): Row {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const row: Row = { _id: id };
  const a = random();
  if (a < 0.7) row.a = Math.floor(random() * 10);
  else if (a < 0.8) row.a = pick(WORDS);
  else if (a < 0.85) row.a = null;
  else if (a < 0.92) row.a = [Math.floor(random() * 10), Math.floor(random() * 10)];
  row.b = Math.floor(random() * 5);
  if (random() < 0.8) row.c = pick(WORDS);
  row.d = new Date(Date.UTC(2024, 0, 1 + Math.floor(random() * 60)));
  if (random() < 0.6) row.tags = TAGS.filter(() => random() < 0.4);
  if (random() < 0.7) row.slug = `${pick(WORDS)}-${id}`;
  if (random() < 0.3) row.e = Math.floor(random() * 3);
  return row;
}

function makeQuery(random: () => number): Document {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const conditions: (() => Document)[] = [
    () => ({ a: Math.floor(random() * 10) }),
    () => ({ a: { $in: [Math.floor(random() * 10), Math.floor(random() * 10), pick(WORDS)] } }),
    () => ({ a: { $gt: Math.floor(random() * 10) } }),
    () => ({ a: { $gte: 2, $lt: 2 + Math.floor(random() * 6) } }),
    () => ({ a: null }),
    () => ({ a: { $lte: pick(WORDS) } }),
    () => ({ b: Math.floor(random() * 5) }),
    () => ({ b: { $in: [Math.floor(random() * 5), Math.floor(random() * 5)] } }),
    () => ({ b: { $ne: Math.floor(random() * 5) } }),
    () => ({ c: pick(WORDS) }),
    () => ({ c: { $in: [pick(WORDS), pick(WORDS)] } }),
    () => ({ c: { $regex: `^${pick(['al', 'be', 'gam', 'B'])}` } }),
    () => ({ c: /^alpha/ }),
    () => ({ c: { $exists: random() < 0.5 } }),
    () => ({ d: { $gte: new Date(Date.UTC(2024, 0, 1 + Math.floor(random() * 60))) } }),
    () => ({ d: { $lt: new Date(Date.UTC(2024, 1, Math.floor(random() * 28))) } }),
    () => ({ tags: pick(TAGS) }),
    () => ({ tags: { $in: [pick(TAGS), pick(TAGS)] } }),
    () => ({ slug: { $regex: `^${pick(WORDS)}(-\\d+)?$` } }),
    () => ({ slug: `${pick(WORDS)}-${Math.floor(random() * 300)}` }),
    () => ({ e: Math.floor(random() * 3) }),
    () => ({ _id: { $in: [Math.floor(random() * 300), Math.floor(random() * 300)] } }),
    () => ({ _id: { $gt: Math.floor(random() * 300) } }),
    () => ({ _id: { $gte: Math.floor(random() * 300), $lt: Math.floor(random() * 400) } }),
    () => ({ $or: [{ b: 1 }, { c: pick(WORDS) }] }),
  ];
  const count = 1 + Math.floor(random() * 3);
  const clauses = Array.from({ length: count }, () => pick(conditions)());
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

const SORTS: (Sort | undefined)[] = [
  undefined,
  undefined,
  { a: 1 },
  { b: -1 },
  { b: 1, c: -1 },
  { b: -1, c: 1 },
  { c: 1, b: 1 },
  { d: -1 },
  { d: 1 },
  { slug: 1 },
  { _id: 1 },
  { _id: -1 },
];

async function createIndexes(coll: Collection<Row>): Promise<void> {
  await coll.createIndexes([
    { key: { a: 1 } },
    { key: { b: 1, c: -1 } },
    { key: { c: 1, b: 1, a: 1 } },
    { key: { tags: 1 } },
    { key: { d: -1 } },
    { key: { slug: 1 }, unique: true, sparse: true },
    { key: { e: 1 }, sparse: true },
    { key: { b: 1, d: 1 }, name: 'b_d_partial', partialFilterExpression: { c: { $exists: true } } },
  ]);
}

// Hundreds of driver round trips per test: slow on a loaded machine.
jest.setTimeout(180_000);

describe('queries through indexes', () => {
  let dir: string;
  let engine: EmbeddedEngine;
  let client: MongoClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-index-plans-'));
    engine = await startEmbeddedEngine({ dbPath: dir });
    client = await new MongoClient(engine.uri).connect();
  });

  afterAll(async () => {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => client.db('plans').collection<Row>('rows');

  /** Runs random queries with the planner's choice and as a collection scan, and compares them. */
  async function compareRandomQueries(seed: number, rounds: number): Promise<{ indexed: number }> {
    const random = randomSource(seed);
    let indexed = 0;
    for (let round = 0; round < rounds; round++) {
      const filter = makeQuery(random);
      const sort = SORTS[Math.floor(random() * SORTS.length)];
      const limit = random() < 0.4 ? 1 + Math.floor(random() * 10) : 0;
      const skip = random() < 0.2 ? Math.floor(random() * 5) : 0;
      const planned = await rows().find(filter, { sort, limit, skip }).toArray();
      const scanned = await rows()
        .find(filter, { sort, limit, skip, hint: { $natural: 1 } })
        .toArray();
      const what = JSON.stringify({ seed, round, filter, sort, limit, skip });
      expect({ what, ids: planned.map((row) => row._id) }).toEqual({
        what,
        ids: scanned.map((row) => row._id),
      });
      expect(await rows().countDocuments(filter)).toBe(
        await rows().countDocuments(filter, { hint: { $natural: 1 } }),
      );
      const explained = await rows().find(filter, { sort, limit, skip }).explain('executionStats');
      if (JSON.stringify(explained.queryPlanner.winningPlan).includes('"IXSCAN"')) indexed += 1;
    }
    return { indexed };
  }

  it('returns what a collection scan returns, in the same order, through every kind of index', async () => {
    const random = randomSource(7);
    await createIndexes(rows());
    await rows().insertMany(Array.from({ length: 300 }, (_, id) => makeRow(id, random)));
    const first = await compareRandomQueries(1, 100);
    expect(first.indexed).toBeGreaterThan(50);

    // Index entries follow updates, deletes and re-inserts.
    await rows().updateMany({ b: 2 }, { $set: { c: 'gamma', tags: ['x', 'z'] } });
    await rows().updateMany({ b: 3, a: { $type: 'number' }, 'a.0': { $exists: false } }, { $inc: { a: 1 } });
    await rows().updateMany({ a: 3 }, { $unset: { a: '' } });
    await rows().deleteMany({ c: 'beta' });
    await rows().insertMany(Array.from({ length: 60 }, (_, id) => makeRow(1000 + id, random)));
    await rows().replaceOne({ _id: 5 }, { b: 4, c: 'delta', a: [1, 9] }, { upsert: true });
    await compareRandomQueries(2, 100);
  });

  it('keeps indexes right across a transaction, inside it and after commit or abort', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      await rows().updateMany({ b: 1 }, { $set: { b: 3, c: 'alpha' } }, { session });
      await rows().insertOne({ _id: 5000, a: 4, b: 3, c: 'alpha' }, { session });
      await rows().deleteMany({ a: 4, b: { $ne: 3 } }, { session });
      for (const filter of [{ b: 3 }, { a: 4 }, { c: 'alpha', b: 3 }, { b: 1 }, { c: { $regex: '^alp' } }]) {
        const planned = await rows()
          .find(filter, { session, sort: { _id: 1 } })
          .toArray();
        const scanned = await rows()
          .find(filter, { session, sort: { _id: 1 }, hint: { $natural: 1 } })
          .toArray();
        expect(planned).toEqual(scanned);
      }
      await session.abortTransaction();
      expect(await rows().countDocuments({ _id: 5000 })).toBe(0);
      await compareRandomQueries(3, 30);

      session.startTransaction();
      await rows().updateMany({ b: 0 }, { $set: { b: 4, e: 2 } }, { session });
      await rows().insertOne({ _id: 5001, a: 8, b: 4, e: 2 }, { session });
      await session.commitTransaction();
      expect(await rows().countDocuments({ e: 2, b: 4 })).toBeGreaterThan(1);
      await compareRandomQueries(4, 40);
    } finally {
      await session.endSession();
    }
  });

  it('rebuilds indexes from the snapshot and journal on restart', async () => {
    await rows().insertOne({ _id: 6000, a: 2, b: 2, c: 'delta', tags: ['w'] });
    await client.close();
    await engine.close();
    engine = await startEmbeddedEngine({ dbPath: dir });
    client = await new MongoClient(engine.uri).connect();
    await compareRandomQueries(5, 50);
  });

  it('explains an equality lookup as FETCH over IXSCAN examining only the matching keys', async () => {
    const coll = client.db('plans').collection<Row>('explained');
    await coll.createIndex({ owner: 1, position: 1 });
    await coll.insertMany(
      Array.from({ length: 200 }, (_, i) => ({ _id: i, owner: i % 20, position: Math.floor(i / 20) })),
    );
    const explained = await coll.find({ owner: 3 }).explain('executionStats');
    expect(explained.queryPlanner.winningPlan).toMatchObject({
      stage: 'FETCH',
      inputStage: { stage: 'IXSCAN', indexName: 'owner_1_position_1', keyPattern: { owner: 1, position: 1 } },
    });
    expect(explained.executionStats).toMatchObject({ nReturned: 10, totalDocsExamined: 10 });
    expect(explained.executionStats.totalKeysExamined).toBeLessThanOrEqual(11);

    const batch = await coll.find({ owner: { $in: [1, 2, 3] } }).explain('executionStats');
    expect(batch.executionStats).toMatchObject({ nReturned: 30, totalDocsExamined: 30 });

    const sorted = await coll.find({ owner: 4 }).sort({ position: -1 }).limit(3).explain('executionStats');
    expect(JSON.stringify(sorted.queryPlanner.winningPlan)).not.toContain('SORT');
    expect(sorted.queryPlanner.winningPlan.inputStage.direction).toBe('backward');
    expect(sorted.executionStats.totalDocsExamined).toBeLessThanOrEqual(4);
    expect(
      (await coll.find({ owner: 4 }).sort({ position: -1 }).limit(3).toArray()).map((r) => r._id),
    ).toEqual([184, 164, 144]);

    const unindexed = await coll.find({ position: 2 }).explain('executionStats');
    expect(unindexed.queryPlanner.winningPlan.stage).toBe('COLLSCAN');
    expect(unindexed.executionStats.totalDocsExamined).toBe(200);
  });

  it('uses an index for an anchored case-sensitive prefix regex, not for a case-insensitive one', async () => {
    const coll = client.db('plans').collection<Row>('slugs');
    await coll.createIndex({ slug: 1 }, { unique: true });
    await coll.insertMany(
      ['a-talk', 'a-talk-2', 'a-talk-10', 'a-talker', 'b-talk', 'A-talk'].map((slug, i) => ({
        _id: i,
        slug,
      })),
    );
    const filter = { slug: { $regex: '^a-talk(-\\d+)?$' } };
    const explained = await coll.find(filter).explain('executionStats');
    expect(explained.queryPlanner.winningPlan.inputStage.stage).toBe('IXSCAN');
    expect(explained.executionStats.totalDocsExamined).toBe(4);
    expect((await coll.find(filter).toArray()).map((row) => row.slug)).toEqual([
      'a-talk',
      'a-talk-2',
      'a-talk-10',
    ]);
    const insensitive = await coll.find({ slug: /^a-talk/i }).explain('queryPlanner');
    expect(insensitive.queryPlanner.winningPlan.stage).toBe('COLLSCAN');
  });

  it('counts from index keys alone when the bounds say all the filter asks, as COUNT_SCAN', async () => {
    const db = client.db('plans');
    const coll = db.collection<Row>('explained');
    const explainCount = (query: Document) =>
      db.command({ explain: { count: 'explained', query }, verbosity: 'executionStats' });

    const counted = await explainCount({ owner: 5 });
    expect(counted.queryPlanner.winningPlan).toMatchObject({
      stage: 'COUNT',
      inputStage: { stage: 'COUNT_SCAN', indexName: 'owner_1_position_1' },
    });
    expect(counted.executionStats).toMatchObject({ nReturned: 0, totalDocsExamined: 0 });
    expect(counted.executionStats.executionStages.nCounted).toBe(10);

    const ranged = await explainCount({ owner: 5, position: { $gte: 2, $lt: 6 } });
    expect(ranged.queryPlanner.winningPlan.inputStage.stage).toBe('COUNT_SCAN');
    expect(ranged.executionStats.executionStages.nCounted).toBe(4);
    expect(await coll.countDocuments({ owner: 5, position: { $gte: 2, $lt: 6 } })).toBe(4);

    // A condition the index cannot bound fetches each candidate and matches it.
    const residual = await explainCount({ owner: 5, position: { $ne: 3 } });
    expect(residual.queryPlanner.winningPlan.inputStage).toMatchObject({
      stage: 'FETCH',
      inputStage: { stage: 'IXSCAN' },
    });
    expect(residual.executionStats.totalDocsExamined).toBe(10);
    expect(residual.executionStats.executionStages.nCounted).toBe(9);

    const everything = await explainCount({});
    expect(everything.queryPlanner.winningPlan.inputStage.stage).toBe('RECORD_STORE_FAST_COUNT');
    expect(everything.executionStats.executionStages.nCounted).toBe(200);

    // The drivers' countDocuments is an aggregate: $match, then a $group summing 1.
    const pipeline = [{ $match: { owner: { $in: [5, 6] } } }, { $skip: 3 }, { $count: 'n' }];
    const aggregated = await coll.aggregate(pipeline).explain('executionStats');
    expect(JSON.stringify(aggregated)).toContain('"COUNT_SCAN"');
    expect(await coll.aggregate(pipeline).toArray()).toEqual([{ n: 17 }]);
    expect(await coll.countDocuments({ owner: { $in: [5, 6, 6.0] } }, { skip: 1, limit: 5 })).toBe(5);
    expect(await coll.aggregate([{ $match: { owner: 99 } }, { $count: 'n' }]).toArray()).toEqual([]);
    expect(
      await coll
        .aggregate([{ $match: { owner: 5 } }, { $group: { _id: null, total: { $sum: 1 } } }])
        .toArray(),
    ).toEqual([{ _id: null, total: 10 }]);
  });

  it('counts through an index as a collection scan counts, on documents without arrays', async () => {
    const random = randomSource(11);
    const flat = client.db('plans').collection<Row>('flat');
    await createIndexes(flat);
    const rowsWithoutArrays = Array.from({ length: 300 }, (_, id) => {
      const row = makeRow(id, random);
      if (Array.isArray(row.a)) row.a = row.a[0];
      delete row.tags;
      return row;
    });
    await flat.insertMany(rowsWithoutArrays);
    let fromKeys = 0;
    for (let round = 0; round < 150; round++) {
      const filter = makeQuery(random);
      const skip = random() < 0.3 ? Math.floor(random() * 5) : 0;
      const limit = random() < 0.3 ? 1 + Math.floor(random() * 20) : 0;
      const options = { ...(skip ? { skip } : {}), ...(limit ? { limit } : {}) };
      const what = JSON.stringify({ round, filter, skip, limit });
      expect({ what, n: await flat.countDocuments(filter, options) }).toEqual({
        what,
        n: await flat.countDocuments(filter, { ...options, hint: { $natural: 1 } }),
      });
      const explained = await client
        .db('plans')
        .command({ explain: { count: 'flat', query: filter }, verbosity: 'queryPlanner' });
      if (explained.queryPlanner.winningPlan.inputStage.stage === 'COUNT_SCAN') fromKeys += 1;
    }
    expect(fromKeys).toBeGreaterThan(20);
  });

  it('refuses a hint naming no index, as MongoDB does', async () => {
    const error = await rows()
      .find({ a: 1 }, { hint: 'no_such_index' })
      .toArray()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(2);
    expect((error as MongoServerError).message).toContain(
      'hint provided does not correspond to an existing index',
    );
    const hinted = await rows()
      .find({ a: 1 }, { hint: { a: 1 } })
      .explain('queryPlanner');
    expect(hinted.queryPlanner.winningPlan.inputStage.indexName).toBe('a_1');
  });
});
