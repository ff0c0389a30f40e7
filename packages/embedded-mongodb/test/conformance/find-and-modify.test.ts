import { Collection, ObjectId } from 'mongodb';
import { AnyDoc, openTestDatabase, TestDatabase } from './support';

/** findOneAndUpdate / findOneAndReplace / findOneAndDelete (the findAndModify command). */
describe('find-and-modify', () => {
  let t: TestDatabase;
  let counter = 0;

  beforeAll(async () => {
    t = await openTestDatabase();
  });

  afterAll(async () => {
    await t.cleanup();
  });

  async function players(): Promise<Collection<AnyDoc>> {
    counter += 1;
    const c = t.db.collection<AnyDoc>(`fam${counter}`);
    await c.insertMany([
      { _id: 1, name: 'ann', score: 10, team: 'red' },
      { _id: 2, name: 'bob', score: 30, team: 'blue' },
      { _id: 3, name: 'cy', score: 20, team: 'red' },
    ]);
    return c;
  }

  describe('findOneAndUpdate', () => {
    it('returns the document before the update by default', async () => {
      const c = await players();
      const before = await c.findOneAndUpdate({ _id: 1 }, { $inc: { score: 5 } });
      expect(before).toEqual({ _id: 1, name: 'ann', score: 10, team: 'red' });
      expect(await c.findOne({ _id: 1 })).toEqual({
        _id: 1,
        name: 'ann',
        score: 15,
        team: 'red',
      });
    });

    it("returns the updated document with returnDocument: 'after'", async () => {
      const c = await players();
      const after = await c.findOneAndUpdate(
        { _id: 1 },
        { $set: { team: 'gold' } },
        { returnDocument: 'after' },
      );
      expect(after).toEqual({ _id: 1, name: 'ann', score: 10, team: 'gold' });
    });

    it('modifies the first document in sort order', async () => {
      const c = await players();
      const top = await c.findOneAndUpdate(
        { team: 'red' },
        { $set: { captain: true } },
        { sort: { score: -1 }, returnDocument: 'after' },
      );
      expect(top?._id).toBe(3);
      const lowest = await c.findOneAndUpdate({}, { $set: { last: true } }, { sort: { score: 1 } });
      expect(lowest?._id).toBe(1);
      expect(await c.countDocuments({ captain: true })).toBe(1);
    });

    it('applies a projection to the returned document', async () => {
      const c = await players();
      const doc = await c.findOneAndUpdate(
        { _id: 2 },
        { $inc: { score: 1 } },
        { projection: { _id: 0, score: 1 }, returnDocument: 'after' },
      );
      expect(doc).toEqual({ score: 31 });
    });

    it('returns null when nothing matches and nothing is upserted', async () => {
      const c = await players();
      expect(await c.findOneAndUpdate({ _id: 99 }, { $set: { x: 1 } })).toBeNull();
      expect(await c.countDocuments()).toBe(3);
    });

    it('upserts: null before, the new document after', async () => {
      const c = await players();
      expect(
        await c.findOneAndUpdate(
          { name: 'dee' },
          { $set: { score: 1 } },
          { upsert: true, returnDocument: 'before' },
        ),
      ).toBeNull();
      const created = await c.findOneAndUpdate(
        { name: 'eve' },
        { $set: { score: 2 }, $setOnInsert: { team: 'new' } },
        { upsert: true, returnDocument: 'after' },
      );
      expect(created).toEqual({ _id: expect.any(ObjectId), name: 'eve', score: 2, team: 'new' });
      expect(await c.countDocuments({ name: { $in: ['dee', 'eve'] } })).toBe(2);
    });

    it('reports lastErrorObject with includeResultMetadata', async () => {
      const c = await players();
      const updated = await c.findOneAndUpdate(
        { _id: 1 },
        { $set: { x: 1 } },
        { includeResultMetadata: true },
      );
      expect(updated.ok).toBe(1);
      expect(updated.value).toEqual({ _id: 1, name: 'ann', score: 10, team: 'red' });
      expect(updated.lastErrorObject).toEqual({ n: 1, updatedExisting: true });

      const upserted = await c.findOneAndUpdate(
        { _id: 50 },
        { $set: { x: 1 } },
        { upsert: true, includeResultMetadata: true, returnDocument: 'after' },
      );
      expect(upserted.value).toEqual({ _id: 50, x: 1 });
      expect(upserted.lastErrorObject).toEqual({ n: 1, updatedExisting: false, upserted: 50 });

      const missed = await c.findOneAndUpdate(
        { _id: 99 },
        { $set: { x: 1 } },
        { includeResultMetadata: true },
      );
      expect(missed.value).toBeNull();
      expect(missed.lastErrorObject).toEqual({ n: 0, updatedExisting: false });
    });

    it('accepts a pipeline update', async () => {
      const c = await players();
      const doc = await c.findOneAndUpdate(
        { _id: 3 },
        [{ $set: { label: { $concat: ['$name', '-', '$team'] } } }],
        { returnDocument: 'after', projection: { label: 1 } },
      );
      expect(doc).toEqual({ _id: 3, label: 'cy-red' });
    });
  });

  describe('findOneAndReplace', () => {
    it('replaces and returns the old document by default', async () => {
      const c = await players();
      const before = await c.findOneAndReplace({ name: 'bob' }, { name: 'robert', score: 0 });
      expect(before).toEqual({ _id: 2, name: 'bob', score: 30, team: 'blue' });
      expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, name: 'robert', score: 0 });
    });

    it("returns the replacement with returnDocument: 'after', honouring sort", async () => {
      const c = await players();
      const after = await c.findOneAndReplace(
        { team: 'red' },
        { name: 'replaced' },
        { sort: { score: 1 }, returnDocument: 'after' },
      );
      expect(after).toEqual({ _id: 1, name: 'replaced' });
    });

    it('upserts', async () => {
      const c = await players();
      const after = await c.findOneAndReplace(
        { _id: 7 },
        { name: 'gus' },
        { upsert: true, returnDocument: 'after' },
      );
      expect(after).toEqual({ _id: 7, name: 'gus' });
    });
  });

  describe('findOneAndDelete', () => {
    it('deletes and returns the first document in sort order', async () => {
      const c = await players();
      const deleted = await c.findOneAndDelete({}, { sort: { score: -1 } });
      expect(deleted).toEqual({ _id: 2, name: 'bob', score: 30, team: 'blue' });
      expect((await c.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 3]);
    });

    it('applies a projection and reports metadata', async () => {
      const c = await players();
      const result = await c.findOneAndDelete(
        { team: 'red' },
        { sort: { score: 1 }, projection: { name: 1, _id: 0 }, includeResultMetadata: true },
      );
      expect(result.value).toEqual({ name: 'ann' });
      expect(result.lastErrorObject).toEqual({ n: 1 });
    });

    it('returns null when nothing matches', async () => {
      const c = await players();
      expect(await c.findOneAndDelete({ team: 'none' })).toBeNull();
      expect(await c.countDocuments()).toBe(3);
    });
  });
});
