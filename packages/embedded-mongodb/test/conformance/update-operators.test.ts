import { Collection, Document, Filter, ObjectId, Timestamp } from 'mongodb';
import { AnyDoc, openTestDatabase, TestDatabase } from './support';

/** updateOne / updateMany / replaceOne: operators, upserts, array updates, pipelines and reported counts. */
describe('updating documents', () => {
  let t: TestDatabase;
  let counter = 0;

  beforeAll(async () => {
    t = await openTestDatabase();
  });

  afterAll(async () => {
    await t.cleanup();
  });

  /** A fresh collection holding `docs`. */
  async function withDocs(...docs: Document[]): Promise<Collection<AnyDoc>> {
    counter += 1;
    const collection = t.db.collection<AnyDoc>(`u${counter}`);
    if (docs.length > 0) await collection.insertMany(docs);
    return collection;
  }

  async function one(collection: Collection<AnyDoc>, id: unknown): Promise<Document | null> {
    return collection.findOne({ _id: id } as Filter<AnyDoc>);
  }

  /** Applies `update` to a fresh copy of `doc` and returns the document afterwards. */
  async function applied(doc: Document, update: Document | Document[]): Promise<Document | null> {
    const c = await withDocs(doc);
    const result = await c.updateOne({ _id: doc._id }, update);
    expect(result.matchedCount).toBe(1);
    return one(c, doc._id);
  }

  describe('field operators', () => {
    it('$set replaces values, creates missing fields and intermediate documents', async () => {
      expect(
        await applied({ _id: 1, a: 1, b: { c: 1 } }, { $set: { a: 2, 'b.d': 3, 'x.y.z': 'deep' } }),
      ).toEqual({
        _id: 1,
        a: 2,
        b: { c: 1, d: 3 },
        x: { y: { z: 'deep' } },
      });
    });

    it('$set keeps the position of existing fields and appends new ones', async () => {
      const doc = await applied({ _id: 1, b: 1, a: 1 }, { $set: { a: 2, c: 3 } });
      expect(Object.keys(doc ?? {})).toEqual(['_id', 'b', 'a', 'c']);
    });

    it('$set on an array index replaces that element, padding with nulls past the end', async () => {
      expect(await applied({ _id: 1, arr: [1, 2, 3] }, { $set: { 'arr.1': 'two' } })).toEqual({
        _id: 1,
        arr: [1, 'two', 3],
      });
      expect(await applied({ _id: 1, arr: [1] }, { $set: { 'arr.3': 4 } })).toEqual({
        _id: 1,
        arr: [1, null, null, 4],
      });
    });

    it('$unset removes fields, including nested ones', async () => {
      expect(
        await applied({ _id: 1, a: 1, b: { c: 1, d: 2 }, e: 3 }, { $unset: { a: '', 'b.c': 1 } }),
      ).toEqual({
        _id: 1,
        b: { d: 2 },
        e: 3,
      });
    });

    it('$inc adds to numbers and creates missing fields', async () => {
      expect(
        await applied({ _id: 1, n: 5, f: 1.5, s: { k: 1 } }, { $inc: { n: -2, f: 1, 's.k': 10, fresh: 7 } }),
      ).toEqual({ _id: 1, n: 3, f: 2.5, s: { k: 11 }, fresh: 7 });
    });

    it('$mul multiplies and creates missing fields as zero', async () => {
      expect(await applied({ _id: 1, n: 4 }, { $mul: { n: 2.5, missing: 3 } })).toEqual({
        _id: 1,
        n: 10,
        missing: 0,
      });
    });

    it('$rename moves values to a new name, also across nesting levels', async () => {
      expect(
        await applied({ _id: 1, a: 1, n: { x: 2 }, keep: true }, { $rename: { a: 'b', 'n.x': 'top' } }),
      ).toEqual({
        _id: 1,
        n: {},
        keep: true,
        b: 1,
        top: 2,
      });
    });

    it('$min and $max only move the value in their direction', async () => {
      const c = await withDocs({ _id: 1, lo: 5, hi: 5, when: new Date('2024-01-01') });
      await c.updateOne({ _id: 1 }, { $min: { lo: 3 }, $max: { hi: 9 } });
      expect(await one(c, 1)).toMatchObject({ lo: 3, hi: 9 });
      const noop = await c.updateOne({ _id: 1 }, { $min: { lo: 4 }, $max: { hi: 8 } });
      expect(noop.modifiedCount).toBe(0);
      await c.updateOne({ _id: 1 }, { $max: { when: new Date('2025-01-01'), created: 1 } });
      expect(await one(c, 1)).toEqual({ _id: 1, lo: 3, hi: 9, when: new Date('2025-01-01'), created: 1 });
    });

    it('$currentDate sets the server time as a Date or a Timestamp', async () => {
      const before = Date.now();
      const doc = await applied(
        { _id: 1 },
        { $currentDate: { at: true, asDate: { $type: 'date' }, ts: { $type: 'timestamp' } } },
      );
      const after = Date.now();
      expect(doc?.at).toBeInstanceOf(Date);
      expect(doc?.asDate).toBeInstanceOf(Date);
      expect(doc?.ts).toBeInstanceOf(Timestamp);
      // Generous bounds: the server clock and this one may differ a little.
      expect((doc?.at as Date).getTime()).toBeGreaterThan(before - 60_000);
      expect((doc?.at as Date).getTime()).toBeLessThan(after + 60_000);
      expect(Math.abs((doc?.ts as Timestamp).t * 1000 - (doc?.at as Date).getTime())).toBeLessThan(60_000);
    });

    it('several operators apply together', async () => {
      expect(
        await applied({ _id: 1, a: 1, b: 2, c: 3 }, { $set: { a: 10 }, $inc: { b: 1 }, $unset: { c: '' } }),
      ).toEqual({
        _id: 1,
        a: 10,
        b: 3,
      });
    });
  });

  describe('array operators', () => {
    it('$push appends a value, creating the array when missing', async () => {
      expect(await applied({ _id: 1, arr: [1] }, { $push: { arr: 2, fresh: 'x' } })).toEqual({
        _id: 1,
        arr: [1, 2],
        fresh: ['x'],
      });
    });

    it('$push pushes an array as a single element without $each', async () => {
      expect(await applied({ _id: 1, arr: [1] }, { $push: { arr: [2, 3] } })).toEqual({
        _id: 1,
        arr: [1, [2, 3]],
      });
    });

    it('$push with $each appends several values', async () => {
      expect(await applied({ _id: 1, arr: [1] }, { $push: { arr: { $each: [2, 3] } } })).toEqual({
        _id: 1,
        arr: [1, 2, 3],
      });
    });

    it('$push with $position inserts at an index', async () => {
      expect(
        await applied({ _id: 1, arr: [1, 2, 3] }, { $push: { arr: { $each: ['a', 'b'], $position: 1 } } }),
      ).toEqual({
        _id: 1,
        arr: [1, 'a', 'b', 2, 3],
      });
      expect(
        await applied({ _id: 1, arr: [1, 2, 3] }, { $push: { arr: { $each: ['z'], $position: 0 } } }),
      ).toEqual({
        _id: 1,
        arr: ['z', 1, 2, 3],
      });
    });

    it('$push with $slice keeps the first or last N elements', async () => {
      expect(
        await applied({ _id: 1, arr: [1, 2, 3] }, { $push: { arr: { $each: [4, 5], $slice: 3 } } }),
      ).toEqual({
        _id: 1,
        arr: [1, 2, 3],
      });
      expect(
        await applied({ _id: 1, arr: [1, 2, 3] }, { $push: { arr: { $each: [4, 5], $slice: -3 } } }),
      ).toEqual({
        _id: 1,
        arr: [3, 4, 5],
      });
      expect(await applied({ _id: 1, arr: [1, 2, 3] }, { $push: { arr: { $each: [], $slice: 1 } } })).toEqual(
        {
          _id: 1,
          arr: [1],
        },
      );
    });

    it('$push with $sort sorts the whole array after pushing', async () => {
      expect(
        await applied(
          { _id: 1, scores: [{ s: 5 }, { s: 1 }] },
          { $push: { scores: { $each: [{ s: 3 }], $sort: { s: -1 }, $slice: 2 } } },
        ),
      ).toEqual({ _id: 1, scores: [{ s: 5 }, { s: 3 }] });
    });

    it('$pull removes every element equal to a value or matching a condition', async () => {
      expect(await applied({ _id: 1, arr: [1, 3, 5, 3, 7] }, { $pull: { arr: 3 } })).toEqual({
        _id: 1,
        arr: [1, 5, 7],
      });
      expect(await applied({ _id: 1, arr: [1, 3, 5, 3, 7] }, { $pull: { arr: { $gte: 5 } } })).toEqual({
        _id: 1,
        arr: [1, 3, 3],
      });
      expect(
        await applied(
          {
            _id: 1,
            items: [
              { k: 'a', q: 1 },
              { k: 'b', q: 2 },
              { k: 'a', q: 3 },
            ],
          },
          { $pull: { items: { k: 'a' } } },
        ),
      ).toEqual({ _id: 1, items: [{ k: 'b', q: 2 }] });
    });

    it('$addToSet adds only values that are not there yet', async () => {
      const c = await withDocs({ _id: 1, tags: ['a'] });
      const noop = await c.updateOne({ _id: 1 }, { $addToSet: { tags: 'a' } });
      expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
      const added = await c.updateOne(
        { _id: 1 },
        {
          $addToSet: { tags: { $each: ['a', 'b', 'c', 'b'] } },
        },
      );
      expect(added).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
      expect(await one(c, 1)).toEqual({ _id: 1, tags: ['a', 'b', 'c'] });
    });

    it('$pop removes the first or last element', async () => {
      expect(await applied({ _id: 1, a: [1, 2, 3], b: [1, 2, 3] }, { $pop: { a: 1, b: -1 } })).toEqual({
        _id: 1,
        a: [1, 2],
        b: [2, 3],
      });
    });

    it('the positional $ updates the first element matched by the query', async () => {
      const c = await withDocs(
        { _id: 1, grades: [80, 85, 80] },
        {
          _id: 2,
          items: [
            { k: 'a', q: 1 },
            { k: 'b', q: 2 },
            { k: 'b', q: 3 },
          ],
        },
      );
      await c.updateOne({ _id: 1, grades: 80 }, { $set: { 'grades.$': 82 } });
      await c.updateOne({ _id: 2, 'items.k': 'b' }, { $inc: { 'items.$.q': 100 } });
      expect(await one(c, 1)).toEqual({ _id: 1, grades: [82, 85, 80] });
      expect(await one(c, 2)).toEqual({
        _id: 2,
        items: [
          { k: 'a', q: 1 },
          { k: 'b', q: 102 },
          { k: 'b', q: 3 },
        ],
      });
    });

    it('$[] updates every element', async () => {
      expect(await applied({ _id: 1, arr: [1, 2, 3] }, { $inc: { 'arr.$[]': 10 } })).toEqual({
        _id: 1,
        arr: [11, 12, 13],
      });
    });

    it('$[identifier] updates the elements selected by arrayFilters', async () => {
      const c = await withDocs(
        { _id: 1, grades: [95, 92, 90, 80] },
        {
          _id: 2,
          items: [
            { k: 'a', q: 1 },
            { k: 'b', q: 2 },
            { k: 'a', q: 3 },
          ],
        },
      );
      await c.updateOne(
        { _id: 1 },
        { $set: { 'grades.$[g]': 100 } },
        { arrayFilters: [{ g: { $gte: 92 } }] },
      );
      await c.updateOne({ _id: 2 }, { $inc: { 'items.$[it].q': 10 } }, { arrayFilters: [{ 'it.k': 'a' }] });
      expect(await one(c, 1)).toEqual({ _id: 1, grades: [100, 100, 90, 80] });
      expect(await one(c, 2)).toEqual({
        _id: 2,
        items: [
          { k: 'a', q: 11 },
          { k: 'b', q: 2 },
          { k: 'a', q: 13 },
        ],
      });
    });
  });

  describe('pipeline-style updates', () => {
    it('computes fields from the document with aggregation expressions', async () => {
      expect(await applied({ _id: 1, a: 1, b: 2 }, [{ $set: { c: { $add: ['$a', '$b'] } } }])).toEqual({
        _id: 1,
        a: 1,
        b: 2,
        c: 3,
      });
    });

    it('runs several stages in order, including $unset', async () => {
      expect(
        await applied({ _id: 1, first: 'Ada', last: 'Lovelace', tmp: 1 }, [
          { $set: { full: { $concat: ['$first', ' ', '$last'] } } },
          { $unset: ['tmp', 'first'] },
          { $set: { len: { $strLenCP: '$full' } } },
        ]),
      ).toEqual({ _id: 1, last: 'Lovelace', full: 'Ada Lovelace', len: 12 });
    });

    it('applies to every document with updateMany', async () => {
      const c = await withDocs({ _id: 1, p: 2, q: 3 }, { _id: 2, p: 5, q: 1 });
      const result = await c.updateMany({}, [{ $set: { total: { $multiply: ['$p', '$q'] } } }]);
      expect(result).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
      expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, p: 2, q: 3, total: 6 },
        { _id: 2, p: 5, q: 1, total: 5 },
      ]);
    });
  });

  describe('counts and upserts', () => {
    it('updateOne reports matched and modified, and a no-op modifies nothing', async () => {
      const c = await withDocs({ _id: 1, v: 1 });
      expect(await c.updateOne({ _id: 1 }, { $set: { v: 2 } })).toEqual({
        acknowledged: true,
        matchedCount: 1,
        modifiedCount: 1,
        upsertedCount: 0,
        upsertedId: null,
      });
      expect(await c.updateOne({ _id: 1 }, { $set: { v: 2 } })).toMatchObject({
        matchedCount: 1,
        modifiedCount: 0,
      });
      expect(await c.updateOne({ _id: 99 }, { $set: { v: 2 } })).toMatchObject({
        matchedCount: 0,
        modifiedCount: 0,
        upsertedCount: 0,
      });
    });

    it('updateOne changes only the first match', async () => {
      const c = await withDocs({ _id: 1, k: 'x' }, { _id: 2, k: 'x' });
      await c.updateOne({ k: 'x' }, { $set: { touched: true } });
      expect(await c.countDocuments({ touched: true })).toBe(1);
    });

    it('updateMany counts matched documents separately from those it changed', async () => {
      const c = await withDocs(
        { _id: 1, s: 'a' },
        { _id: 2, s: 'b' },
        { _id: 3, s: 'a' },
        { _id: 4, s: 'c', skip: true },
      );
      const result = await c.updateMany({ skip: { $exists: false } }, { $set: { s: 'a' } });
      expect(result).toMatchObject({ matchedCount: 3, modifiedCount: 1, upsertedCount: 0 });
      expect(await c.countDocuments({ s: 'a' })).toBe(3);
    });

    it('an upsert inserts from the equality fields of the filter and reports upsertedId', async () => {
      const c = await withDocs();
      const result = await c.updateOne(
        { k: 'new', n: { $gt: 5 }, 'sub.x': 1 },
        { $set: { v: 1 }, $setOnInsert: { created: true } },
        { upsert: true },
      );
      expect(result).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
      expect(result.upsertedId).toBeInstanceOf(ObjectId);
      expect(await one(c, result.upsertedId)).toEqual({
        _id: result.upsertedId,
        k: 'new',
        sub: { x: 1 },
        v: 1,
        created: true,
      });
    });

    it('$setOnInsert applies only when the upsert inserts', async () => {
      const c = await withDocs({ _id: 'a', v: 0, created: 'original' });
      const result = await c.updateOne(
        { _id: 'a' },
        { $set: { v: 1 }, $setOnInsert: { created: 'again' } },
        { upsert: true },
      );
      expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
      expect(await one(c, 'a')).toEqual({ _id: 'a', v: 1, created: 'original' });
    });

    it('an upsert keeps an _id given in the filter', async () => {
      const c = await withDocs();
      const result = await c.updateOne({ _id: 'given' }, { $inc: { n: 1 } }, { upsert: true });
      expect(result.upsertedId).toBe('given');
      expect(await one(c, 'given')).toEqual({ _id: 'given', n: 1 });
    });

    it('updateMany with upsert inserts one document when nothing matches', async () => {
      const c = await withDocs({ _id: 1, k: 'other' });
      const result = await c.updateMany({ k: 'missing' }, { $set: { v: 1 } }, { upsert: true });
      expect(result).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
      expect(await c.countDocuments({ k: 'missing', v: 1 })).toBe(1);
    });
  });

  describe('replaceOne', () => {
    it('replaces the whole document but keeps _id', async () => {
      const c = await withDocs({ _id: 1, a: 1, b: 2 });
      const result = await c.replaceOne({ _id: 1 }, { c: 3 });
      expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
      expect(await one(c, 1)).toEqual({ _id: 1, c: 3 });
    });

    it('keeps the field order of the replacement, with _id first', async () => {
      const c = await withDocs({ _id: 1, a: 1 });
      await c.replaceOne({ _id: 1 }, { z: 1, y: 2, x: 3 });
      expect(Object.keys((await one(c, 1)) ?? {})).toEqual(['_id', 'z', 'y', 'x']);
    });

    it('a replacement identical to the stored document (with its _id) modifies nothing', async () => {
      const c = await withDocs({ _id: 1, a: 1 });
      expect(await c.replaceOne({ _id: 1 }, { _id: 1, a: 1 })).toMatchObject({
        matchedCount: 1,
        modifiedCount: 0,
      });
      expect(await one(c, 1)).toEqual({ _id: 1, a: 1 });
    });

    it('upserts with the filter _id', async () => {
      const c = await withDocs();
      const result = await c.replaceOne({ _id: 'r' }, { v: 1 }, { upsert: true });
      expect(result).toMatchObject({ matchedCount: 0, upsertedCount: 1, upsertedId: 'r' });
      expect(await one(c, 'r')).toEqual({ _id: 'r', v: 1 });
    });
  });
});
