import { openTestDatabase, TestDatabase } from './support';

/** Writes in flight at the same time on one document: each is applied once, none lost (counters, limiters). */
describe('concurrent writes', () => {
  const IN_FLIGHT = 40;
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase({ maxPoolSize: IN_FLIGHT });
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('counts every concurrent $inc through updateOne and findOneAndUpdate', async () => {
    const counters = t.db.collection<{ _id: string; n: number }>('counters');
    await counters.insertOne({ _id: 'c', n: 0 });
    const returned = await Promise.all(
      Array.from({ length: IN_FLIGHT }, () =>
        counters.findOneAndUpdate({ _id: 'c' }, { $inc: { n: 1 } }, { returnDocument: 'after' }),
      ),
    );
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, () => counters.updateOne({ _id: 'c' }, { $inc: { n: 1 } })),
    );
    expect(new Set(returned.map((doc) => doc?.n)).size).toBe(IN_FLIGHT);
    expect((await counters.findOne({ _id: 'c' }))?.n).toBe(2 * IN_FLIGHT);
  });

  it('creates one document for concurrent upserts of one unique key, and counts each', async () => {
    const limits = t.db.collection<{ key: string; points: number }>('limits');
    await limits.createIndex({ key: 1 }, { unique: true });
    const outcomes = await Promise.allSettled(
      Array.from({ length: IN_FLIGHT }, () =>
        limits.findOneAndUpdate(
          { key: 'k' },
          { $inc: { points: 1 } },
          { upsert: true, returnDocument: 'after' },
        ),
      ),
    );
    // A real server may refuse some racing upserts with a duplicate key (E11000); none may be lost.
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    for (const outcome of refused) expect((outcome.reason as { code?: number }).code).toBe(11000);
    const stored = await limits.find({ key: 'k' }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0].points).toBe(IN_FLIGHT - refused.length);
  });
});
