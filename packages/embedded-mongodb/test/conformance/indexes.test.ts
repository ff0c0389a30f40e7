import { Collection, Document, MongoBulkWriteError } from 'mongodb';
import { AnyDoc, expectServerError, openTestDatabase, rejectionOf, TestDatabase } from './support';

/** Unique, compound, sparse and partial indexes: what they refuse, what they allow. */
describe('unique indexes', () => {
  let t: TestDatabase;
  let counter = 0;

  beforeAll(async () => {
    t = await openTestDatabase();
  });

  afterAll(async () => {
    await t.cleanup();
  });

  async function uniqueOn(key: Document, options: Document = {}): Promise<Collection<AnyDoc>> {
    counter += 1;
    const c = t.db.collection<AnyDoc>(`ix${counter}`);
    await c.createIndex(key, { unique: true, ...options });
    return c;
  }

  async function emails(c: Collection<AnyDoc>): Promise<unknown[]> {
    return (await c.find().sort({ _id: 1 }).toArray()).map((d) => d.email);
  }

  it('refuses a duplicate insert with 11000, naming the key pattern and value', async () => {
    const c = await uniqueOn({ email: 1 });
    await c.insertOne({ _id: 1, email: 'a@x' });
    const error = await expectServerError(c.insertOne({ _id: 2, email: 'a@x' }), {
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'a@x' },
    });
    expect(error.message).toMatch(/E11000 duplicate key error collection: \S+ index: email_1 dup key/);
    expect(await c.countDocuments()).toBe(1);
  });

  it('refuses an update that would create a duplicate, and leaves the document alone', async () => {
    const c = await uniqueOn({ email: 1 });
    await c.insertMany([
      { _id: 1, email: 'a@x' },
      { _id: 2, email: 'b@x' },
    ]);
    await expectServerError(c.updateOne({ _id: 2 }, { $set: { email: 'a@x' } }), {
      code: 11000,
      keyValue: { email: 'a@x' },
    });
    expect(await emails(c)).toEqual(['a@x', 'b@x']);
    // Rewriting a document with its own key is not a conflict.
    await expect(c.updateOne({ _id: 1 }, { $set: { email: 'a@x', other: 1 } })).resolves.toMatchObject({
      modifiedCount: 1,
    });
  });

  it('refuses an updateMany that would create a duplicate', async () => {
    const c = await uniqueOn({ email: 1 });
    await c.insertMany([
      { _id: 1, email: 'a@x' },
      { _id: 2, email: 'b@x' },
    ]);
    await expectServerError(c.updateMany({}, { $set: { email: 'same' } }), { code: 11000 });
    expect(await c.countDocuments({ email: 'same' })).toBeLessThanOrEqual(1);
  });

  it('refuses an upsert that would insert a duplicate', async () => {
    const c = await uniqueOn({ email: 1 });
    await c.insertOne({ _id: 1, email: 'a@x' });
    await expectServerError(c.updateOne({ _id: 2 }, { $set: { email: 'a@x' } }, { upsert: true }), {
      code: 11000,
      keyValue: { email: 'a@x' },
    });
    expect(await c.countDocuments()).toBe(1);
  });

  it('refuses findOneAndUpdate creating a duplicate with DuplicateKey', async () => {
    const c = await uniqueOn({ email: 1 });
    await c.insertMany([
      { _id: 1, email: 'a@x' },
      { _id: 2, email: 'b@x' },
    ]);
    await expectServerError(c.findOneAndUpdate({ _id: 2 }, { $set: { email: 'a@x' } }), {
      code: 11000,
      codeName: 'DuplicateKey',
      keyPattern: { email: 1 },
      keyValue: { email: 'a@x' },
    });
    await expectServerError(c.findOneAndReplace({ _id: 2 }, { email: 'a@x' }), { code: 11000 });
    expect(await emails(c)).toEqual(['a@x', 'b@x']);
  });

  it('frees a key when its document is deleted or changed', async () => {
    const c = await uniqueOn({ email: 1 });
    await c.insertMany([
      { _id: 1, email: 'a@x' },
      { _id: 2, email: 'b@x' },
    ]);
    await c.deleteOne({ _id: 1 });
    await c.updateOne({ _id: 2 }, { $set: { email: 'c@x' } });
    await c.insertMany([
      { _id: 3, email: 'a@x' },
      { _id: 4, email: 'b@x' },
    ]);
    expect(await emails(c)).toEqual(['c@x', 'a@x', 'b@x']);
  });

  it('a compound unique index only refuses when every field is equal', async () => {
    const c = await uniqueOn({ a: 1, b: 1 });
    await c.insertMany([
      { _id: 1, a: 1, b: 1 },
      { _id: 2, a: 1, b: 2 },
      { _id: 3, a: 2, b: 1 },
    ]);
    await expectServerError(c.insertOne({ _id: 4, a: 1, b: 1 }), {
      code: 11000,
      keyPattern: { a: 1, b: 1 },
      keyValue: { a: 1, b: 1 },
    });
    expect(await c.countDocuments()).toBe(3);
  });

  it('a unique index treats a missing field as null, so only one document may lack it', async () => {
    const c = await uniqueOn({ email: 1 });
    await c.insertOne({ _id: 1 });
    await expectServerError(c.insertOne({ _id: 2 }), { code: 11000, keyValue: { email: null } });
    await expectServerError(c.insertOne({ _id: 3, email: null }), { code: 11000 });
  });

  it('a sparse unique index allows many documents without the field but no duplicate values', async () => {
    const c = await uniqueOn({ email: 1 }, { sparse: true });
    await c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3, email: 'a@x' }, { _id: 4 }]);
    await expectServerError(c.insertOne({ _id: 5, email: 'a@x' }), { code: 11000 });
    expect(await c.countDocuments()).toBe(4);
  });

  it('a partial unique index constrains only documents matching its filter', async () => {
    const c = await uniqueOn({ email: 1 }, { partialFilterExpression: { active: true } });
    await c.insertMany([
      { _id: 1, email: 'a@x', active: false },
      { _id: 2, email: 'a@x', active: false },
      { _id: 3, email: 'a@x', active: true },
    ]);
    await expectServerError(c.insertOne({ _id: 4, email: 'a@x', active: true }), { code: 11000 });
    // Moving a document into the filter is checked too.
    await expectServerError(c.updateOne({ _id: 1 }, { $set: { active: true } }), { code: 11000 });
    expect(await c.countDocuments({ active: true })).toBe(1);
  });

  it('a unique index over an array field refuses a value any other document holds', async () => {
    const c = await uniqueOn({ tags: 1 });
    await c.insertOne({ _id: 1, tags: ['a', 'b'] });
    // The same value twice in one document is fine.
    await c.insertOne({ _id: 2, tags: ['c', 'c'] });
    await expectServerError(c.insertOne({ _id: 3, tags: ['d', 'b'] }), { code: 11000 });
    expect(await c.countDocuments()).toBe(2);
  });

  it('creating a unique index over existing duplicates fails with 11000 and creates nothing', async () => {
    counter += 1;
    const c = t.db.collection<AnyDoc>(`ix${counter}`);
    await c.insertMany([
      { _id: 1, email: 'a@x' },
      { _id: 2, email: 'a@x' },
    ]);
    await expectServerError(c.createIndex({ email: 1 }, { unique: true }), {
      code: 11000,
      codeName: 'DuplicateKey',
    });
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    // A non-unique index over the same data is fine.
    await expect(c.createIndex({ email: 1 })).resolves.toBe('email_1');
  });

  it('an unordered insertMany still inserts the non-duplicates', async () => {
    const c = await uniqueOn({ email: 1 });
    const error = await rejectionOf(
      c.insertMany(
        [
          { _id: 1, email: 'x' },
          { _id: 2, email: 'x' },
          { _id: 3, email: 'y' },
          { _id: 4, email: 'y' },
          { _id: 5, email: 'z' },
        ],
        { ordered: false },
      ),
    );
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    const bulkError = error as MongoBulkWriteError;
    expect(bulkError.insertedCount).toBe(3);
    const writeErrors = Array.isArray(bulkError.writeErrors)
      ? bulkError.writeErrors
      : [bulkError.writeErrors];
    expect(writeErrors.map((e) => [e.index, e.code])).toEqual([
      [1, 11000],
      [3, 11000],
    ]);
    expect(await emails(c)).toEqual(['x', 'y', 'z']);
  });

  it('an ordered insertMany stops at the first duplicate', async () => {
    const c = await uniqueOn({ email: 1 });
    const error = await rejectionOf(
      c.insertMany(
        [
          { _id: 1, email: 'x' },
          { _id: 2, email: 'x' },
          { _id: 3, email: 'y' },
        ],
        { ordered: true },
      ),
    );
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect((error as MongoBulkWriteError).insertedCount).toBe(1);
    expect(await emails(c)).toEqual(['x']);
  });

  it('queries give the same answers with and without a secondary index', async () => {
    counter += 1;
    const c = t.db.collection<AnyDoc>(`ix${counter}`);
    await c.insertMany(Array.from({ length: 60 }, (_, i) => ({ _id: i, n: i % 7, s: `k${i % 5}` })));
    const query = { n: { $gte: 2, $lt: 5 }, s: { $in: ['k1', 'k3'] } };
    const before = await c.find(query).sort({ n: -1, _id: 1 }).toArray();
    await c.createIndex({ n: 1, s: 1 });
    const after = await c.find(query).sort({ n: -1, _id: 1 }).toArray();
    expect(after).toEqual(before);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((d) => d.n >= 2 && d.n < 5 && ['k1', 'k3'].includes(d.s))).toBe(true);
  });
});
