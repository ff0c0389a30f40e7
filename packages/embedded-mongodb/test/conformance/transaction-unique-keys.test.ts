import { ClientSession, Collection } from 'mongodb';
import { AnyDoc, expectServerError, openTestDatabase, TestDatabase } from './support';

/**
 * Unique indexes against what one transaction itself wrote: the keys it inserted, moved and freed,
 * in transactions of thousands of documents (the size of a large transcript import).
 */
describe('unique keys written inside a transaction', () => {
  let t: TestDatabase;
  let entries: Collection<AnyDoc>;
  const sessions: ClientSession[] = [];
  const MANY = 3_000;

  beforeAll(async () => {
    t = await openTestDatabase();
    entries = await t.db.createCollection('entries');
    await entries.createIndex({ group: 1, position: 1 }, { unique: true });
  });

  beforeEach(async () => {
    await entries.deleteMany({});
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

  function transaction(): ClientSession {
    const session = t.client.startSession();
    sessions.push(session);
    session.startTransaction();
    return session;
  }

  const rows = (group: string, from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ group, position: from + i }));

  it('commits thousands of distinct keys inserted in batches', async () => {
    const session = transaction();
    for (let from = 1; from <= MANY; from += 500) {
      await entries.insertMany(rows('g', from, 500), { session });
    }
    await session.commitTransaction();
    const positions = (await entries.find({ group: 'g' }).sort({ position: 1 }).toArray()).map(
      (doc) => doc.position as number,
    );
    expect(positions).toEqual(Array.from({ length: MANY }, (_, i) => i + 1));
  });

  it('refuses a key the same transaction inserted thousands of documents earlier', async () => {
    const session = transaction();
    await entries.insertMany(rows('g', 1, MANY), { session });
    await expectServerError(entries.insertOne({ group: 'g', position: 1 }, { session }), { code: 11000 });
    await session.abortTransaction();
    expect(await entries.countDocuments()).toBe(0);
  });

  it('frees a key the transaction moved away or deleted, for its own later writes', async () => {
    const session = transaction();
    await entries.insertMany(rows('g', 1, MANY), { session });
    await entries.updateOne({ group: 'g', position: 1 }, { $set: { position: MANY + 1 } }, { session });
    await entries.deleteOne({ group: 'g', position: 2 }, { session });
    await entries.insertMany(rows('g', 1, 2), { session });
    await session.commitTransaction();
    expect(await entries.countDocuments({ group: 'g' })).toBe(MANY + 1);
    expect(await entries.countDocuments({ group: 'g', position: { $in: [1, 2, MANY + 1] } })).toBe(3);
  });

  it('refuses a key the transaction moved a document onto', async () => {
    const session = transaction();
    await entries.insertMany(rows('g', 1, MANY), { session });
    await entries.updateOne({ group: 'g', position: 1 }, { $set: { position: MANY + 1 } }, { session });
    await expectServerError(entries.insertOne({ group: 'g', position: MANY + 1 }, { session }), {
      code: 11000,
    });
  });

  it('refuses a key committed before the transaction and allows it in another group', async () => {
    await entries.insertOne({ group: 'g', position: 7 });
    const session = transaction();
    await entries.insertMany(rows('h', 1, 10), { session });
    await expectServerError(entries.insertOne({ group: 'g', position: 7 }, { session }), { code: 11000 });
  });
});
