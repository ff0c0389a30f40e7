import { ClientSession, Collection, Document, MongoServerError } from 'mongodb';
import { AnyDoc, expectServerError, openTestDatabase, rejectionOf, TestDatabase } from './support';

/** Multi-document transactions: isolation, commit, abort, conflicts and retries. */
describe('transactions', () => {
  let t: TestDatabase;
  let accounts: Collection<AnyDoc>;
  let ledger: Collection<AnyDoc>;
  const sessions: ClientSession[] = [];

  beforeAll(async () => {
    t = await openTestDatabase();
    // Collections are created up front: that is the portable way to use them in transactions.
    accounts = await t.db.createCollection('accounts');
    ledger = await t.db.createCollection('ledger');
    await ledger.createIndex({ ref: 1 }, { unique: true });
  });

  beforeEach(async () => {
    await accounts.deleteMany({});
    await ledger.deleteMany({});
    await accounts.insertMany([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 50 },
      { _id: 'c', balance: 0 },
    ]);
  });

  afterEach(async () => {
    for (const session of sessions.splice(0)) {
      if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
      await session.endSession();
    }
  });

  afterAll(async () => {
    await t.cleanup();
  });

  function session(): ClientSession {
    const s = t.client.startSession();
    sessions.push(s);
    return s;
  }

  async function state(): Promise<Document[]> {
    return accounts.find().sort({ _id: 1 }).toArray();
  }

  it('writes are invisible outside the transaction until it commits, then visible', async () => {
    const s = session();
    s.startTransaction();
    await accounts.insertOne({ _id: 'd', balance: 1 }, { session: s });
    await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -10 } }, { session: s });

    expect(await accounts.findOne({ _id: 'd' })).toBeNull();
    expect(await accounts.findOne({ _id: 'a' })).toEqual({ _id: 'a', balance: 100 });
    expect(await accounts.countDocuments()).toBe(3);

    await s.commitTransaction();
    expect(await accounts.findOne({ _id: 'd' })).toEqual({ _id: 'd', balance: 1 });
    expect(await accounts.findOne({ _id: 'a' })).toEqual({ _id: 'a', balance: 90 });
  });

  it('reads inside the transaction see its own writes', async () => {
    const s = session();
    s.startTransaction();
    await accounts.insertOne({ _id: 'd', balance: 7 }, { session: s });
    await accounts.updateOne({ _id: 'b' }, { $set: { balance: 51 } }, { session: s });
    await accounts.deleteOne({ _id: 'c' }, { session: s });

    expect(await accounts.find({}, { session: s }).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 51 },
      { _id: 'd', balance: 7 },
    ]);
    expect(await accounts.countDocuments({}, { session: s })).toBe(3);
    expect(
      await accounts
        .aggregate([{ $group: { _id: null, total: { $sum: '$balance' } } }], { session: s })
        .toArray(),
    ).toEqual([{ _id: null, total: 158 }]);
    await s.abortTransaction();
  });

  it('abort rolls back inserts, updates and deletes', async () => {
    const before = await state();
    const s = session();
    s.startTransaction();
    await accounts.insertOne({ _id: 'd', balance: 1 }, { session: s });
    await accounts.updateMany({}, { $inc: { balance: 1000 } }, { session: s });
    await accounts.deleteOne({ _id: 'b' }, { session: s });
    await accounts.replaceOne({ _id: 'c' }, { replaced: true }, { session: s });
    await s.abortTransaction();
    expect(await state()).toEqual(before);
  });

  it('withTransaction commits what its callback wrote and returns its value', async () => {
    const s = session();
    const value = await s.withTransaction(async () => {
      await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -30 } }, { session: s });
      await accounts.updateOne({ _id: 'c' }, { $inc: { balance: 30 } }, { session: s });
      return 'moved';
    });
    expect(value).toBe('moved');
    expect(await state()).toEqual([
      { _id: 'a', balance: 70 },
      { _id: 'b', balance: 50 },
      { _id: 'c', balance: 30 },
    ]);
  });

  it('withTransaction aborts when the callback throws, and rethrows', async () => {
    const s = session();
    const error = await rejectionOf(
      s.withTransaction(async () => {
        await accounts.deleteMany({}, { session: s });
        throw new Error('changed my mind');
      }),
    );
    expect((error as Error).message).toBe('changed my mind');
    expect(await accounts.countDocuments()).toBe(3);
  });

  it('a multi-collection transaction commits both collections together', async () => {
    const s = session();
    await s.withTransaction(async () => {
      await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -5 } }, { session: s });
      await ledger.insertOne({ ref: 't1', from: 'a', amount: 5 }, { session: s });
      expect(await ledger.countDocuments()).toBe(0);
      expect(await accounts.findOne({ _id: 'a' })).toEqual({ _id: 'a', balance: 100 });
    });
    expect(await ledger.find({}, { projection: { _id: 0 } }).toArray()).toEqual([
      { ref: 't1', from: 'a', amount: 5 },
    ]);
    expect(await accounts.findOne({ _id: 'a' })).toEqual({ _id: 'a', balance: 95 });
  });

  it('a multi-collection transaction that fails leaves nothing in either collection', async () => {
    await ledger.insertOne({ ref: 'taken' });
    const s = session();
    await expectServerError(
      s.withTransaction(async () => {
        await accounts.updateOne({ _id: 'a' }, { $inc: { balance: -5 } }, { session: s });
        await ledger.insertOne({ ref: 'fresh' }, { session: s });
        await ledger.insertOne({ ref: 'taken' }, { session: s });
      }),
      { code: 11000 },
    );
    expect(await accounts.findOne({ _id: 'a' })).toEqual({ _id: 'a', balance: 100 });
    expect((await ledger.find().toArray()).map((d) => d.ref)).toEqual(['taken']);
  });

  it('a unique-index violation aborts the transaction on the server: commit then fails', async () => {
    await ledger.insertOne({ ref: 'taken' });
    const s = session();
    s.startTransaction();
    await accounts.insertOne({ _id: 'e', balance: 5 }, { session: s });
    await expectServerError(ledger.insertOne({ ref: 'taken' }, { session: s }), { code: 11000 });
    await expectServerError(s.commitTransaction(), { code: 251, codeName: 'NoSuchTransaction' });
    expect(await accounts.findOne({ _id: 'e' })).toBeNull();
    expect(await ledger.countDocuments()).toBe(1);
  });

  it('a second transaction writing the same document gets a transient WriteConflict', async () => {
    const first = session();
    const second = session();
    first.startTransaction();
    second.startTransaction();
    await accounts.updateOne({ _id: 'a' }, { $inc: { balance: 1 } }, { session: first });

    const error = await expectServerError(
      accounts.updateOne({ _id: 'a' }, { $inc: { balance: 10 } }, { session: second }),
      { code: 112, codeName: 'WriteConflict' },
    );
    expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
    await second.abortTransaction();

    await first.commitTransaction();
    expect(await accounts.findOne({ _id: 'a' })).toEqual({ _id: 'a', balance: 101 });
  });

  it('a write conflict aborts the transaction: its commit then fails with NoSuchTransaction', async () => {
    const first = session();
    const second = session();
    first.startTransaction();
    second.startTransaction();
    await accounts.updateOne({ _id: 'a' }, { $inc: { balance: 1 } }, { session: first });
    await ledger.insertOne({ ref: 'second' }, { session: second });
    await expectServerError(
      accounts.updateOne({ _id: 'a' }, { $inc: { balance: 10 } }, { session: second }),
      { code: 112, codeName: 'WriteConflict' },
    );
    const error = await expectServerError(second.commitTransaction(), {
      code: 251,
      codeName: 'NoSuchTransaction',
    });
    expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
    await first.commitTransaction();
    expect(await accounts.findOne({ _id: 'a' })).toEqual({ _id: 'a', balance: 101 });
    expect(await ledger.countDocuments({ ref: 'second' })).toBe(0);
  });

  it('an index created in a transaction on a collection it creates exists once it commits', async () => {
    const db = t.db;
    const fresh = db.collection<AnyDoc>('made_in_transaction');
    const s = session();
    s.startTransaction();
    await fresh.insertOne({ _id: 1, n: 1 }, { session: s });
    await fresh.createIndex({ n: 1 }, { name: 'n_1', session: s });
    expect(await db.listCollections({ name: 'made_in_transaction' }).toArray()).toEqual([]);
    await s.commitTransaction();
    expect((await fresh.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_', 'n_1']);
    expect(await fresh.find({ n: 1 }).toArray()).toEqual([{ _id: 1, n: 1 }]);

    // Not on a collection that existed before the transaction.
    s.startTransaction();
    await expectServerError(accounts.createIndex({ balance: 1 }, { session: s }), {
      code: 263,
      codeName: 'OperationNotSupportedInTransaction',
    });
    await s.abortTransaction();

    // An aborted transaction leaves neither the collection nor its index.
    s.startTransaction();
    await db.collection('aborted_in_transaction').createIndex({ n: 1 }, { session: s });
    await s.abortTransaction();
    expect(await db.listCollections({ name: 'aborted_in_transaction' }).toArray()).toEqual([]);
  });

  it('withTransaction retries a callback that hit a write conflict, and then succeeds', async () => {
    const blocker = session();
    blocker.startTransaction();
    await accounts.updateOne({ _id: 'a' }, { $inc: { balance: 1 } }, { session: blocker });

    const s = session();
    const errors: unknown[] = [];
    let attempts = 0;
    await s.withTransaction(async () => {
      attempts += 1;
      try {
        await accounts.updateOne({ _id: 'a' }, { $inc: { balance: 10 } }, { session: s });
      } catch (error) {
        errors.push(error);
        throw error;
      } finally {
        // Let the next attempt through: the conflicting transaction commits after the first one.
        if (attempts === 1) await blocker.commitTransaction();
      }
    });

    expect(attempts).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MongoServerError);
    expect((errors[0] as MongoServerError).code).toBe(112);
    expect(await accounts.findOne({ _id: 'a' })).toEqual({ _id: 'a', balance: 111 });
  });

  it('a transaction reads one snapshot: later outside commits are not seen', async () => {
    const s = session();
    s.startTransaction({ readConcern: { level: 'snapshot' } });
    expect(await accounts.findOne({ _id: 'b' }, { session: s })).toEqual({
      _id: 'b',
      balance: 50,
    });
    await accounts.updateOne({ _id: 'b' }, { $set: { balance: 0 } });
    await accounts.insertOne({ _id: 'late', balance: 1 });
    expect(await accounts.findOne({ _id: 'b' }, { session: s })).toEqual({
      _id: 'b',
      balance: 50,
    });
    expect(await accounts.findOne({ _id: 'late' }, { session: s })).toBeNull();
    await s.commitTransaction();
    expect(await accounts.findOne({ _id: 'b' })).toEqual({ _id: 'b', balance: 0 });
  });

  it('a session can run several transactions one after another', async () => {
    const s = session();
    for (let i = 0; i < 3; i += 1) {
      s.startTransaction();
      await accounts.updateOne({ _id: 'c' }, { $inc: { balance: 1 } }, { session: s });
      if (i === 1) await s.abortTransaction();
      else await s.commitTransaction();
    }
    expect(await accounts.findOne({ _id: 'c' })).toEqual({ _id: 'c', balance: 2 });
  });
});
