import { AnyBulkWriteOperation, Collection, MongoBulkWriteError, WriteError } from 'mongodb';
import { AnyDoc, openTestDatabase, rejectionOf, TestDatabase } from './support';

/** collection.bulkWrite with mixed operations, ordered and unordered. */
describe('bulkWrite', () => {
  let t: TestDatabase;
  let counter = 0;

  beforeAll(async () => {
    t = await openTestDatabase();
  });

  afterAll(async () => {
    await t.cleanup();
  });

  function fresh(): Collection<AnyDoc> {
    counter += 1;
    return t.db.collection<AnyDoc>(`bw${counter}`);
  }

  function writeErrorsOf(error: MongoBulkWriteError): WriteError[] {
    const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    return [...errors].sort((a, b) => a.index - b.index);
  }

  it('runs every kind of operation and reports the counts', async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
      { _id: 'c', n: 3 },
      { _id: 'd', n: 4 },
    ]);
    const operations: AnyBulkWriteOperation<AnyDoc>[] = [
      { insertOne: { document: { _id: 'e', n: 5 } } },
      { updateOne: { filter: { _id: 'a' }, update: { $inc: { n: 10 } } } },
      { updateMany: { filter: { n: { $gte: 3 } }, update: { $set: { big: true } } } },
      { replaceOne: { filter: { _id: 'b' }, replacement: { replaced: true } } },
      { updateOne: { filter: { _id: 'z' }, update: { $set: { n: 26 } }, upsert: true } },
      { deleteOne: { filter: { _id: 'c' } } },
      { deleteMany: { filter: { n: { $in: [4, 5] } } } },
    ];
    const result = await c.bulkWrite(operations, { ordered: true });
    expect(result.isOk()).toBe(true);
    expect(result.insertedCount).toBe(1);
    // updateOne a, updateMany a/c/d/e (n >= 3 after a's increment), replaceOne b
    expect(result.matchedCount).toBe(6);
    expect(result.modifiedCount).toBe(6);
    expect(result.upsertedCount).toBe(1);
    expect(result.upsertedIds).toEqual({ 4: 'z' });
    expect(result.insertedIds).toEqual({ 0: 'e' });
    expect(result.deletedCount).toBe(3);
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', n: 11, big: true },
      { _id: 'b', replaced: true },
      { _id: 'z', n: 26 },
    ]);
  });

  it('an ordered bulkWrite stops at the first error and reports what was done before it', async () => {
    const c = fresh();
    const error = await rejectionOf(
      c.bulkWrite(
        [
          { insertOne: { document: { _id: 1 } } },
          { insertOne: { document: { _id: 2 } } },
          { updateOne: { filter: { _id: 1 }, update: { $set: { a: 1 } } } },
          { insertOne: { document: { _id: 1 } } },
          { insertOne: { document: { _id: 3 } } },
          { deleteOne: { filter: { _id: 2 } } },
        ],
        { ordered: true },
      ),
    );
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    const bulkError = error as MongoBulkWriteError;
    expect(bulkError.code).toBe(11000);
    expect(bulkError.insertedCount).toBe(2);
    expect(bulkError.matchedCount).toBe(1);
    expect(bulkError.modifiedCount).toBe(1);
    expect(bulkError.deletedCount).toBe(0);
    expect(writeErrorsOf(bulkError).map((e) => [e.index, e.code])).toEqual([[3, 11000]]);
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, a: 1 }, { _id: 2 }]);
  });

  it('an unordered bulkWrite carries on and reports every error with its index', async () => {
    const c = fresh();
    const error = await rejectionOf(
      c.bulkWrite(
        [
          { insertOne: { document: { _id: 1 } } },
          { insertOne: { document: { _id: 1 } } },
          { updateOne: { filter: { _id: 1 }, update: { $set: { a: 1 } } } },
          { updateOne: { filter: { _id: 1 }, update: { $set: { _id: 5 } } } },
          { deleteOne: { filter: { _id: 'none' } } },
          { insertOne: { document: { _id: 2 } } },
          { replaceOne: { filter: { _id: 2 }, replacement: { b: 2 } } },
          { updateOne: { filter: { _id: 'u' }, update: { $set: { c: 1 } }, upsert: true } },
        ],
        { ordered: false },
      ),
    );
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    const bulkError = error as MongoBulkWriteError;
    expect(writeErrorsOf(bulkError).map((e) => [e.index, e.code])).toEqual([
      [1, 11000],
      [3, 66],
    ]);
    expect(bulkError.insertedCount).toBe(2);
    expect(bulkError.matchedCount).toBe(2);
    expect(bulkError.modifiedCount).toBe(2);
    expect(bulkError.upsertedCount).toBe(1);
    expect(bulkError.deletedCount).toBe(0);
    // (The driver keys upsertedIds of unordered batches by batch position, so only the id itself is portable.)
    expect(Object.values(bulkError.result.upsertedIds)).toEqual(['u']);
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, a: 1 },
      { _id: 2, b: 2 },
      { _id: 'u', c: 1 },
    ]);
  });
});
