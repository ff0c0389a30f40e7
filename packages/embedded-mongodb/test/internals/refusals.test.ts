import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Binary, Document, MongoClient, MongoServerError, Timestamp } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';

interface Row extends Document {
  _id: number;
}

async function serverErrorOf(promise: Promise<unknown>): Promise<MongoServerError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof MongoServerError))
    throw new Error(`expected a server error, got ${String(outcome)}`);
  return outcome;
}

/**
 * What the engine does not implement it refuses with a MongoDB error (NotImplemented, 238, naming the
 * option), instead of ignoring the option and answering something else than MongoDB would.
 */
describe('options the engine refuses', () => {
  let dir: string;
  let engine: EmbeddedEngine;
  let client: MongoClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-refusals-'));
    engine = await startEmbeddedEngine({ dbPath: dir });
    client = await new MongoClient(engine.uri).connect();
    await rows().insertMany([
      { _id: 1, name: 'Abc', n: 1 },
      { _id: 2, name: 'abc', n: 2 },
    ]);
  });

  afterAll(async () => {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => client.db('refusals').collection<Row>('rows');
  /** The two rows the suite starts with, as they were written. */
  const expectRowsUnchanged = async () =>
    expect(
      await rows()
        .find({}, { sort: { _id: 1 } })
        .toArray(),
    ).toEqual([
      { _id: 1, name: 'Abc', n: 1 },
      { _id: 2, name: 'abc', n: 2 },
    ]);
  const caseInsensitive = { locale: 'en', strength: 2 };

  it('refuses a collation on reads, writes, indexes and collections, and writes nothing', async () => {
    for (const attempt of [
      rows().find({ name: 'abc' }, { collation: caseInsensitive }).toArray(),
      rows().countDocuments({ name: 'abc' }, { collation: caseInsensitive }),
      rows()
        .aggregate([{ $match: { name: 'abc' } }], { collation: caseInsensitive })
        .toArray(),
      rows().updateMany({ name: 'abc' }, { $set: { touched: true } }, { collation: caseInsensitive }),
      rows().deleteMany({ name: 'abc' }, { collation: caseInsensitive }),
      rows().findOneAndUpdate({ name: 'abc' }, { $set: { touched: true } }, { collation: caseInsensitive }),
      rows().createIndex({ name: 1 }, { collation: caseInsensitive }),
      client.db('refusals').createCollection('collated', { collation: caseInsensitive }),
    ]) {
      const error = await serverErrorOf(attempt);
      // Write errors carry the code without its name, as MongoDB's do.
      expect(error.code).toBe(238);
      expect(error.message).toContain('collation');
    }
    await expectRowsUnchanged();
    expect((await rows().indexes()).map((index) => index.name)).toEqual(['_id_']);
    // The simple collation is what the engine compares with: accepted.
    expect(
      await rows()
        .find({ name: 'abc' }, { collation: { locale: 'simple' } })
        .toArray(),
    ).toHaveLength(1);
  });

  it('evaluates let variables in filters and pipeline updates instead of storing them', async () => {
    const updated = await rows().updateMany(
      { $expr: { $eq: ['$n', '$$wanted'] } },
      [{ $set: { copied: '$$value' } }],
      { let: { wanted: 2, value: 'from let' } },
    );
    expect(updated.modifiedCount).toBe(1);
    expect(await rows().findOne({ _id: 2 })).toEqual({ _id: 2, name: 'abc', n: 2, copied: 'from let' });
    await rows().updateOne({ _id: 2 }, { $unset: { copied: '' } });
  });

  it('refuses views and createIndex inside a transaction', async () => {
    const view = await serverErrorOf(
      client.db('refusals').createCollection('names', { viewOn: 'rows', pipeline: [] }),
    );
    expect(view.codeName).toBe('CommandNotSupportedOnView');
    const session = client.startSession();
    try {
      session.startTransaction();
      const error = await serverErrorOf(rows().createIndex({ n: 1 }, { session }));
      expect(error.codeName).toBe('OperationNotSupportedInTransaction');
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
  });

  it('refuses a hint naming no index on writes too, changing nothing', async () => {
    for (const attempt of [
      rows().updateMany({ n: 1 }, { $set: { touched: true } }, { hint: 'missing_1' }),
      rows().deleteMany({ n: 1 }, { hint: { missing: 1 } }),
    ]) {
      const error = await serverErrorOf(attempt);
      expect(error.code).toBe(2);
      expect(error.message).toContain('hint provided does not correspond to an existing index');
    }
    expect(await rows().countDocuments({ touched: true })).toBe(0);
    expect(await rows().countDocuments({})).toBe(2);
  });

  it('refuses kinds of collection it does not implement, creating nothing', async () => {
    const database = client.db('refusals');
    for (const [name, options] of [
      ['capped', { capped: true, size: 4096 }],
      ['series', { timeseries: { timeField: 'at' } }],
      ['clustered', { clusteredIndex: { key: { _id: 1 }, unique: true } }],
      ['encrypted', { encryptedFields: { fields: [] } }],
    ] as const) {
      const error = await serverErrorOf(database.createCollection(name, options));
      expect(error.code).toBe(238);
      expect(error.codeName).toBe('NotImplemented');
      expect(await database.listCollections({ name }).toArray()).toEqual([]);
    }
    // capped: false is a plain collection.
    await database.createCollection('uncapped', { capped: false });
    expect(await database.listCollections({ name: 'uncapped' }).toArray()).toHaveLength(1);
  });

  it('refuses collMod options it does not apply, changing nothing', async () => {
    const database = client.db('refusals');
    for (const change of [
      { cappedSize: 4096 },
      { expireAfterSeconds: 60 },
      { index: { name: '_id_', unique: true } },
    ]) {
      const error = await serverErrorOf(database.command({ collMod: 'rows', ...change }));
      expect(error.codeName).toBe('NotImplemented');
    }
    const [info] = await database.listCollections({ name: 'rows' }, { nameOnly: false }).toArray();
    expect(info).toMatchObject({ name: 'rows', options: {} });
  });

  it('reads at an atClusterTime only when nothing was written since; earlier is SnapshotTooOld', async () => {
    const database = client.db('refusals');
    const inserted = await database.command({ insert: 'timed', documents: [{ _id: 1 }] });
    const before = inserted.operationTime as Timestamp;
    const now = await database.command({
      find: 'timed',
      readConcern: { level: 'snapshot', atClusterTime: before },
    });
    expect(now.cursor.firstBatch).toEqual([{ _id: 1 }]);

    await database.collection<Row>('timed').insertOne({ _id: 2 });
    const old = await serverErrorOf(
      database.command({ find: 'timed', readConcern: { level: 'snapshot', atClusterTime: before } }),
    );
    expect(old.code).toBe(239);
    expect(old.codeName).toBe('SnapshotTooOld');

    const future = new Timestamp({ t: before.t + 3600, i: 1 });
    const ahead = await serverErrorOf(
      database.command({ find: 'timed', readConcern: { level: 'snapshot', atClusterTime: future } }),
    );
    expect(ahead.codeName).toBe('InvalidOptions');
  });

  it('refuses find options it does not apply, as MongoDB 7.0 would or with NotImplemented', async () => {
    const database = client.db('refusals');
    const tailable = await serverErrorOf(database.command({ find: 'rows', tailable: true }));
    expect(tailable.code).toBe(2);
    expect(tailable.message).toContain('tailable cursor requested on non capped collection');
    const maxScan = await serverErrorOf(database.command({ find: 'rows', maxScan: 1 }));
    expect(maxScan.code).toBe(40415);
    for (const option of [
      { min: { _id: 2 } },
      { max: { _id: 2 } },
      { returnKey: true },
      { showRecordId: true },
    ]) {
      const error = await serverErrorOf(database.command({ find: 'rows', hint: { _id: 1 }, ...option }));
      expect(error.codeName).toBe('NotImplemented');
      expect(error.message).toContain(Object.keys(option)[0]);
    }
    // Their neutral values are what every find means.
    const plain = await database.command({
      find: 'rows',
      returnKey: false,
      showRecordId: false,
      sort: { _id: 1 },
    });
    expect(plain.cursor.firstBatch).toHaveLength(2);
  });

  it('refuses a unique index created inside a transaction, creating nothing', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      const fresh = client.db('refusals').collection<Row>('unique_in_transaction');
      const error = await serverErrorOf(fresh.createIndex({ n: 1 }, { unique: true, session }));
      expect(error.codeName).toBe('NotImplemented');
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await client.db('refusals').listCollections({ name: 'unique_in_transaction' }).toArray()).toEqual(
      [],
    );
  });

  it('refuses a field its command does not take (40415, as MongoDB words it), writing nothing', async () => {
    const database = client.db('refusals');
    const misspelt = await serverErrorOf(database.command({ find: 'rows', fitler: { n: 1 } }));
    expect(misspelt.code).toBe(40415);
    expect(misspelt.message).toBe("BSON field 'find.fitler' is an unknown field.");
    for (const command of [
      { insert: 'rows', documents: [{ _id: 3 }], orderd: false },
      { update: 'rows', updates: [{ q: {}, u: { $set: { touched: true } }, multi: true }], upsert: true },
      { delete: 'rows', deletes: [{ q: {}, limit: 0 }], justOne: true },
      { findAndModify: 'rows', query: {}, remove: true, returnDocument: 'after' },
      { aggregate: 'rows', pipeline: [], cursor: {}, batchSize: 10 },
      { count: 'rows', filter: { n: 1 } },
      { explain: { find: 'rows', fitler: { n: 1 } } },
      { create: 'misspelt', validater: { n: { $type: 'int' } } },
      { update: 'rows', updates: [{ q: {}, u: { $set: { touched: true } }, mutli: true }] },
      { delete: 'rows', deletes: [{ q: { _id: 1 }, limit: 1, justOne: true }] },
      { commitTransaction: 1, autocomit: false },
    ]) {
      const error = await serverErrorOf(database.command(command));
      expect(error.code).toBe(40415);
      expect(error.message).toMatch(/^BSON field '\w+(\.\w+)+' is an unknown field\.$/);
    }
    await expectRowsUnchanged();
    expect(await database.listCollections({ name: 'misspelt' }).toArray()).toEqual([]);
  });

  it('refuses fields MongoDB takes but the engine does not apply, with NotImplemented', async () => {
    const database = client.db('refusals');
    for (const [field, command] of [
      [
        'collectionUUID',
        { insert: 'rows', documents: [{ _id: 3 }], collectionUUID: new Binary(Buffer.alloc(16), 4) },
      ],
      [
        'exchange',
        { aggregate: 'rows', pipeline: [], cursor: {}, exchange: { policy: 'roundrobin', consumers: 2 } },
      ],
      ['$_requestResumeToken', { find: 'rows', $_requestResumeToken: true, hint: { $natural: 1 } }],
    ] as const) {
      const error = await serverErrorOf(database.command(command));
      expect(error.codeName).toBe('NotImplemented');
      expect(error.message).toContain(`'${field}'`);
    }
    expect(await rows().countDocuments()).toBe(2);
  });

  it("takes every option the official driver sends for the engine's commands", async () => {
    const session = client.startSession();
    try {
      const options = { comment: 'every option', maxTimeMS: 5_000, session };
      await rows()
        .find(
          { n: { $gte: 1 } },
          {
            ...options,
            projection: { n: 1 },
            sort: { n: 1 },
            skip: 0,
            limit: 5,
            batchSize: 1,
            allowDiskUse: true,
            noCursorTimeout: false,
            allowPartialResults: false,
            let: { one: 1 },
          },
        )
        .toArray();
      await rows()
        .aggregate([{ $match: {} }], { ...options, allowDiskUse: true, batchSize: 1 })
        .toArray();
      await rows().countDocuments({}, { ...options, limit: 10, skip: 0 });
      await rows().distinct('n', {}, options);
      await rows().insertOne({ _id: 10, n: 10 }, { ...options, bypassDocumentValidation: true });
      await rows().updateMany({ _id: 10 }, { $set: { n: 11 } }, { ...options, let: { x: 1 }, upsert: false });
      await rows().findOneAndUpdate(
        { _id: 10 },
        { $set: { n: 12 } },
        { ...options, returnDocument: 'after' },
      );
      await rows().deleteMany({ _id: 10 }, { ...options, let: { x: 1 } });
      await rows().createIndex({ n: -1 }, { ...options, name: 'n_desc' });
      await rows().dropIndex('n_desc', options);
      await client
        .db('refusals')
        .listCollections({}, { ...options, nameOnly: true })
        .toArray();
    } finally {
      await session.endSession();
    }
    expect(await rows().countDocuments()).toBe(2);
  });
});
