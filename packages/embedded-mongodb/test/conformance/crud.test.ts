import {
  Binary,
  Collection,
  Decimal128,
  Document,
  Double,
  BSON,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoBulkWriteError,
  ObjectId,
  Timestamp,
} from 'mongodb';
import { AnyDoc, expectServerError, openTestDatabase, rejectionOf, TestDatabase } from './support';

/** Inserts, queries (filters, projection, sort, skip, limit), counts, distinct, deletes and BSON round trips. */
describe('inserting, finding, counting and deleting documents', () => {
  let t: TestDatabase;
  let counter = 0;

  beforeAll(async () => {
    t = await openTestDatabase();
  });

  afterAll(async () => {
    await t.cleanup();
  });

  /** A fresh collection per test, so tests never see each other's documents. */
  function fresh(): Collection<AnyDoc> {
    counter += 1;
    return t.db.collection<AnyDoc>(`c${counter}`);
  }

  async function ids(collection: Collection<AnyDoc>, filter: Document, sort: Document = { _id: 1 }) {
    return (await collection.find(filter).sort(sort).toArray()).map((doc) => doc._id);
  }

  describe('insert', () => {
    it('insertOne generates an ObjectId _id, returns it, and stores _id first', async () => {
      const c = fresh();
      const result = await c.insertOne({ b: 1, a: 2 });
      expect(result.acknowledged).toBe(true);
      expect(result.insertedId).toBeInstanceOf(ObjectId);
      const stored = await c.findOne({ _id: result.insertedId });
      expect(stored).toEqual({ _id: result.insertedId, b: 1, a: 2 });
      expect(Object.keys(stored ?? {})).toEqual(['_id', 'b', 'a']);
    });

    it('insertOne keeps a client-supplied _id of any type', async () => {
      const c = fresh();
      for (const id of ['text', 42, { compound: 1, key: 'x' }, new Date(5)]) {
        const result = await c.insertOne({ _id: id, v: 1 });
        expect(result.insertedId).toEqual(id);
      }
      expect(await c.countDocuments()).toBe(4);
      expect(await c.findOne({ _id: { compound: 1, key: 'x' } })).toEqual({
        _id: { compound: 1, key: 'x' },
        v: 1,
      });
    });

    it('a duplicate _id is refused with E11000 on the _id_ index', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1 });
      const error = await expectServerError(c.insertOne({ _id: 1, other: true }), {
        code: 11000,
        keyPattern: { _id: 1 },
        keyValue: { _id: 1 },
      });
      expect(error.message).toContain('E11000 duplicate key error');
      expect(error.message).toContain('_id_');
      expect(await c.find().toArray()).toEqual([{ _id: 1 }]);
    });

    it('insertMany returns every generated id by position', async () => {
      const c = fresh();
      const result = await c.insertMany([{ n: 0 }, { n: 1 }, { n: 2 }]);
      expect(result.acknowledged).toBe(true);
      expect(result.insertedCount).toBe(3);
      expect(Object.keys(result.insertedIds)).toEqual(['0', '1', '2']);
      for (const [index, id] of Object.entries(result.insertedIds)) {
        expect(id).toBeInstanceOf(ObjectId);
        expect(await c.findOne({ _id: id })).toEqual({ _id: id, n: Number(index) });
      }
    });

    it('an ordered insertMany stops at the first error', async () => {
      const c = fresh();
      const error = await rejectionOf(
        c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }], { ordered: true }),
      );
      expect(error).toBeInstanceOf(MongoBulkWriteError);
      const bulkError = error as MongoBulkWriteError;
      expect(bulkError.code).toBe(11000);
      expect(bulkError.insertedCount).toBe(2);
      const writeErrors = Array.isArray(bulkError.writeErrors)
        ? bulkError.writeErrors
        : [bulkError.writeErrors];
      expect(writeErrors.map((e) => [e.index, e.code])).toEqual([[2, 11000]]);
      expect(await ids(c, {})).toEqual([1, 2]);
    });

    it('an unordered insertMany carries on past errors and reports each one', async () => {
      const c = fresh();
      const error = await rejectionOf(
        c.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }], {
          ordered: false,
        }),
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
      expect(await ids(c, {})).toEqual([1, 2, 3]);
    });
  });

  describe('query filters', () => {
    let c: Collection<AnyDoc>;

    beforeAll(async () => {
      c = fresh();
      await c.insertMany([
        { _id: 1, n: 1, s: 'apple', tags: ['red', 'fruit'], a: { b: 1, c: 'x' }, items: [{ k: 'p', q: 1 }] },
        {
          _id: 2,
          n: 5,
          s: 'Banana',
          tags: ['yellow', 'fruit'],
          a: { b: 2 },
          items: [
            { k: 'p', q: 9 },
            { k: 'r', q: 2 },
          ],
        },
        { _id: 3, n: 10, s: 'cherry', tags: ['red'], a: { b: 3, c: 'y' }, items: [] },
        { _id: 4, n: null, s: 'date', tags: [], items: [{ k: 'r', q: 7 }] },
        { _id: 5, s: 'elder', tags: ['red', 'fruit', 'small'], a: { b: [4, 5] } },
      ]);
    });

    it.each<[string, Document, number[]]>([
      ['implicit equality', { n: 5 }, [2]],
      ['$eq', { n: { $eq: 10 } }, [3]],
      ['$ne (also matches missing fields)', { n: { $ne: 5 } }, [1, 3, 4, 5]],
      ['$gt', { n: { $gt: 1 } }, [2, 3]],
      ['$gte', { n: { $gte: 5 } }, [2, 3]],
      ['$lt', { n: { $lt: 5 } }, [1]],
      ['$lte', { n: { $lte: 5 } }, [1, 2]],
      ['range', { n: { $gt: 1, $lt: 10 } }, [2]],
      ['$in', { n: { $in: [1, 10, 99] } }, [1, 3]],
      ['$in with null matches null and missing', { n: { $in: [null] } }, [4, 5]],
      ['$nin (also matches missing fields)', { n: { $nin: [1, 10] } }, [2, 4, 5]],
      ['null equality matches null and missing', { n: null }, [4, 5]],
      ['$exists: true', { n: { $exists: true } }, [1, 2, 3, 4]],
      ['$exists: false', { n: { $exists: false } }, [5]],
      ['$regex string', { s: { $regex: '^[a-c]' } }, [1, 3]],
      ['$regex with options', { s: { $regex: '^b', $options: 'i' } }, [2]],
      ['a RegExp literal', { s: /rr/ }, [3]],
      ['$and', { $and: [{ tags: 'red' }, { n: { $gte: 5 } }] }, [3]],
      ['$or', { $or: [{ n: 1 }, { s: 'date' }] }, [1, 4]],
      ['$nor', { $nor: [{ tags: 'red' }, { n: 5 }] }, [4]],
      ['$not', { n: { $not: { $gt: 1 } } }, [1, 4, 5]],
      ['$not with a regex', { s: { $not: /e/ } }, [2]],
      ['an array contains a scalar', { tags: 'fruit' }, [1, 2, 5]],
      ['an array equals exactly', { tags: ['red'] }, [3]],
      ['an empty array', { tags: [] }, [4]],
      ['$size', { tags: { $size: 2 } }, [1, 2]],
      ['$all', { tags: { $all: ['red', 'fruit'] } }, [1, 5]],
      ['$in on an array field', { tags: { $in: ['yellow', 'small'] } }, [2, 5]],
      ['dotted path into a subdocument', { 'a.b': 2 }, [2]],
      ['dotted path with an operator', { 'a.c': { $exists: true } }, [1, 3]],
      ['dotted path reaching into an array', { 'a.b': 5 }, [5]],
      ['dotted path through an array of documents', { 'items.k': 'r' }, [2, 4]],
      ['numeric path component as array index', { 'tags.1': 'fruit' }, [1, 2, 5]],
      [
        '$elemMatch needs one element to satisfy all conditions',
        { items: { $elemMatch: { k: 'p', q: { $gt: 5 } } } },
        [2],
      ],
      ['without $elemMatch conditions may match different elements', { 'items.k': 'p', 'items.q': 2 }, [2]],
      ['$elemMatch on scalars', { tags: { $elemMatch: { $gte: 's', $lt: 't' } } }, [5]],
      ['whole subdocument equality is exact', { a: { b: 2 } }, [2]],
      ['whole subdocument equality depends on field order', { a: { c: 'x', b: 1 } }, []],
      ['$type', { n: { $type: 'null' } }, [4]],
      ['$expr comparing fields', { $expr: { $gt: ['$n', 4] } }, [2, 3]],
      ['an empty filter matches everything', {}, [1, 2, 3, 4, 5]],
    ])('%s', async (_name, filter, expected) => {
      expect(await ids(c, filter)).toEqual(expected);
    });

    it('finding in a collection that does not exist returns nothing, without an error', async () => {
      await expect(t.db.collection<AnyDoc>('never_created').find({}).toArray()).resolves.toEqual([]);
      await expect(t.db.collection<AnyDoc>('never_created').countDocuments()).resolves.toBe(0);
    });
  });

  describe('projection', () => {
    let c: Collection<AnyDoc>;

    beforeAll(async () => {
      c = fresh();
      await c.insertOne({ _id: 1, a: 1, b: { c: 2, d: 3 }, e: [1, 2, 3, 4], f: 'x' });
    });

    it.each<[string, Document, Document]>([
      ['inclusion keeps _id', { a: 1, f: 1 }, { _id: 1, a: 1, f: 'x' }],
      ['inclusion without _id', { _id: 0, a: 1 }, { a: 1 }],
      ['exclusion', { b: 0, e: 0 }, { _id: 1, a: 1, f: 'x' }],
      ['exclusion of _id only', { _id: 0 }, { a: 1, b: { c: 2, d: 3 }, e: [1, 2, 3, 4], f: 'x' }],
      ['dotted inclusion', { 'b.c': 1 }, { _id: 1, b: { c: 2 } }],
      ['dotted exclusion', { 'b.c': 0, e: 0 }, { _id: 1, a: 1, b: { d: 3 }, f: 'x' }],
      ['$slice', { e: { $slice: 2 }, _id: 0, a: 1 }, { a: 1, e: [1, 2] }],
      ['$slice from the end', { e: { $slice: -1 } }, { _id: 1, a: 1, b: { c: 2, d: 3 }, e: [4], f: 'x' }],
      ['computed field', { _id: 0, twice: { $multiply: ['$a', 2] } }, { twice: 2 }],
    ])('%s', async (_name, projection, expected) => {
      expect(await c.findOne({ _id: 1 }, { projection })).toEqual(expected);
    });

    it('keeps the document field order', async () => {
      const doc = await c.findOne({ _id: 1 }, { projection: { f: 1, a: 1 } });
      expect(Object.keys(doc ?? {})).toEqual(['_id', 'a', 'f']);
    });

    it('refuses to mix inclusion and exclusion', async () => {
      await expectServerError(c.findOne({}, { projection: { a: 1, b: 0 } }), { code: 31254 });
    });
  });

  describe('sort, skip and limit', () => {
    it('sorts on several keys', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, g: 'b', n: 1 },
        { _id: 2, g: 'a', n: 1 },
        { _id: 3, g: 'b', n: 3 },
        { _id: 4, g: 'a', n: 2 },
        { _id: 5, g: 'c', n: 0 },
      ]);
      expect(await ids(c, {}, { g: 1, n: -1 })).toEqual([4, 2, 3, 1, 5]);
      expect(await ids(c, {}, { n: 1, g: -1 })).toEqual([5, 1, 2, 4, 3]);
    });

    it('sorts Dates chronologically', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, at: new Date('2024-03-01T00:00:00Z') },
        { _id: 2, at: new Date('1969-12-31T23:59:59Z') },
        { _id: 3, at: new Date('2024-03-01T00:00:00.001Z') },
        { _id: 4, at: new Date('2001-09-09T01:46:40Z') },
      ]);
      expect(await ids(c, {}, { at: 1 })).toEqual([2, 4, 1, 3]);
      expect(await ids(c, {}, { at: -1 })).toEqual([3, 1, 4, 2]);
      expect(await ids(c, { at: { $gte: new Date('2001-01-01') } }, { at: 1 })).toEqual([4, 1, 3]);
    });

    it('sorts ObjectIds by their bytes (creation time first)', async () => {
      const c = fresh();
      const early = ObjectId.createFromTime(1_000_000);
      const middle = ObjectId.createFromTime(1_600_000_000);
      const late = ObjectId.createFromTime(1_700_000_000);
      await c.insertMany([{ _id: middle }, { _id: late }, { _id: early }]);
      expect(await ids(c, {})).toEqual([early, middle, late]);
      expect(await ids(c, {}, { _id: -1 })).toEqual([late, middle, early]);
      expect(await ids(c, { _id: { $gt: early } })).toEqual([middle, late]);
    });

    it('orders values of different BSON types the way MongoDB compares them', async () => {
      const c = fresh();
      const oid = new ObjectId();
      await c.insertMany([
        { _id: 'date', v: new Date(0) },
        { _id: 'bool', v: true },
        { _id: 'oid', v: oid },
        { _id: 'bin', v: new Binary(Buffer.from([1])) },
        { _id: 'obj', v: { x: 1 } },
        { _id: 'string', v: 'a' },
        { _id: 'number', v: 5 },
        { _id: 'null', v: null },
      ]);
      expect(await ids(c, {}, { v: 1 })).toEqual([
        'null',
        'number',
        'string',
        'obj',
        'bin',
        'oid',
        'bool',
        'date',
      ]);
    });

    it('compares numbers by value across int, long, double and decimal', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 'd', v: Decimal128.fromString('2.5') },
        { _id: 'l', v: Long.fromNumber(2) },
        { _id: 'f', v: 1.5 },
        { _id: 'i', v: 1 },
        { _id: 'big', v: Long.fromString('10000000000') },
      ]);
      expect(await ids(c, {}, { v: 1 })).toEqual(['i', 'f', 'l', 'd', 'big']);
      expect(await ids(c, { v: { $gt: 1.5 } }, { v: 1 })).toEqual(['l', 'd', 'big']);
      expect(await ids(c, { v: 2 })).toEqual(['l']);
    });

    it('sorts arrays by their smallest element ascending and largest descending', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, v: [1, 9] },
        { _id: 2, v: [5] },
        { _id: 3, v: [3, 4] },
      ]);
      expect(await ids(c, {}, { v: 1 })).toEqual([1, 3, 2]);
      expect(await ids(c, {}, { v: -1 })).toEqual([1, 2, 3]);
    });

    it('sorts missing fields like null, before everything else', async () => {
      const c = fresh();
      await c.insertMany([{ _id: 1, v: 2 }, { _id: 2 }, { _id: 3, v: 1 }]);
      expect(await ids(c, {}, { v: 1 })).toEqual([2, 3, 1]);
      expect(await ids(c, {}, { v: -1 })).toEqual([1, 3, 2]);
    });

    it('compares strings by UTF-8 bytes, i.e. by code point', async () => {
      const c = fresh();
      const words = ['b', 'a', 'Z', 'é', '中', '！', '😀', 'ab', ''];
      await c.insertMany(words.map((w) => ({ _id: w })));
      const expected = [...words].sort((x, y) =>
        Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8')),
      );
      expect(await ids(c, {})).toEqual(expected);
    });

    it('applies skip and limit after the sort', async () => {
      const c = fresh();
      await c.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i, n: 9 - i })));
      const page = await c.find({}).sort({ n: 1 }).skip(2).limit(3).toArray();
      expect(page.map((d) => d._id)).toEqual([7, 6, 5]);
      expect(await c.find({}).sort({ _id: 1 }).skip(8).limit(5).toArray()).toEqual([
        { _id: 8, n: 1 },
        { _id: 9, n: 0 },
      ]);
      expect(await c.find({}).skip(20).toArray()).toEqual([]);
    });
  });

  describe('counting and distinct', () => {
    let c: Collection<AnyDoc>;

    beforeAll(async () => {
      c = fresh();
      await c.insertMany([
        { _id: 1, kind: 'a', tags: ['x', 'y'], sub: { k: 1 } },
        { _id: 2, kind: 'b', tags: ['y'], sub: { k: 2 } },
        { _id: 3, kind: 'a', tags: 'z', sub: { k: 1 } },
        { _id: 4, kind: 'c' },
        { _id: 5, kind: 'a', tags: [] },
      ]);
    });

    it('countDocuments counts matches, honouring skip and limit', async () => {
      expect(await c.countDocuments()).toBe(5);
      expect(await c.countDocuments({ kind: 'a' })).toBe(3);
      expect(await c.countDocuments({ kind: 'zzz' })).toBe(0);
      expect(await c.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
      expect(await c.countDocuments({}, { skip: 4 })).toBe(1);
    });

    it('estimatedDocumentCount counts the whole collection', async () => {
      expect(await c.estimatedDocumentCount()).toBe(5);
      expect(await t.db.collection<AnyDoc>('no_such_collection').estimatedDocumentCount()).toBe(0);
    });

    it('distinct returns each value once, flattening arrays', async () => {
      expect((await c.distinct('kind')).sort()).toEqual(['a', 'b', 'c']);
      expect((await c.distinct('tags')).sort()).toEqual(['x', 'y', 'z']);
      expect((await c.distinct('tags', { kind: 'a' })).sort()).toEqual(['x', 'y', 'z']);
      expect((await c.distinct('sub.k')).sort()).toEqual([1, 2]);
      expect(await c.distinct('missing')).toEqual([]);
    });
  });

  describe('delete', () => {
    it('deleteOne removes one matching document and reports it', async () => {
      const c = fresh();
      await c.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
      const result = await c.deleteOne({ k: 1 });
      expect(result).toEqual({ acknowledged: true, deletedCount: 1 });
      expect(await c.countDocuments({ k: 1 })).toBe(1);
      expect(await c.deleteOne({ k: 99 })).toEqual({ acknowledged: true, deletedCount: 0 });
    });

    it('deleteMany removes every match and reports how many', async () => {
      const c = fresh();
      await c.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }, { k: 3 }]);
      expect((await c.deleteMany({ k: { $lte: 2 } })).deletedCount).toBe(3);
      expect(await c.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ k: 3 }]);
      expect((await c.deleteMany({})).deletedCount).toBe(1);
      expect((await c.deleteMany({})).deletedCount).toBe(0);
    });
  });

  describe('BSON round trips', () => {
    it('stores and returns every BSON type exactly, with field order', async () => {
      const c = fresh();
      const original: Document = {
        _id: new ObjectId(),
        int32: 42,
        negative: -7,
        double: 3.14159,
        wholeDouble: new Double(2),
        long: Long.fromString('9007199254740993'),
        smallLong: Long.fromNumber(5),
        decimal: Decimal128.fromString('1234567890.123456789012345678901234'),
        trailingZeros: Decimal128.fromString('1.10'),
        date: new Date('2024-02-29T12:34:56.789Z'),
        beforeEpoch: new Date(-31536000000),
        binary: new Binary(Buffer.from([0, 1, 2, 253, 254, 255])),
        uuid: new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), Binary.SUBTYPE_UUID),
        yes: true,
        no: false,
        nothing: null,
        empty: '',
        chinese: '中文测试：你好，世界！',
        mixed: 'café — naïve — 日本語 — 😀',
        字段: '值',
        nested: { a: { b: { c: [1, 'two', { three: 3 }] } } },
        arrays: [[1, 2], [], [[3]], [{ x: null }]],
        emptyDoc: {},
        regex: /ab+c/i,
        timestamp: new Timestamp({ t: 1700000000, i: 5 }),
        min: new MinKey(),
        max: new MaxKey(),
        explicitInt: new Int32(7),
      };
      await c.insertOne(original);
      const stored = await c.findOne({ _id: original._id }, { promoteValues: false });
      expect(stored).not.toBeNull();
      // Canonical Extended JSON spells out each BSON type, so this compares types, values and order.
      expect(BSON.EJSON.stringify(stored, { relaxed: false })).toBe(
        BSON.EJSON.stringify(original, { relaxed: false }),
      );
    });

    it('returns int64 values as Long when asked', async () => {
      const c = fresh();
      await c.insertOne({
        _id: 1,
        big: Long.fromString('-9223372036854775808'),
        small: Long.fromNumber(3),
      });
      const asLong = await c.findOne({ _id: 1 }, { promoteLongs: false });
      expect(asLong?.big).toEqual(Long.fromString('-9223372036854775808'));
      expect(asLong?.small).toEqual(Long.fromNumber(3));
      const asBigInt = await c.findOne({ _id: 1 }, { useBigInt64: true });
      expect(asBigInt?.big).toBe(-9223372036854775808n);
      expect(await c.countDocuments({ big: { $type: 'long' }, small: { $type: 'long' } })).toBe(1);
    });

    it('keeps special doubles', async () => {
      const c = fresh();
      await c.insertOne({
        _id: 1,
        nan: NaN,
        inf: Infinity,
        ninf: -Infinity,
        tiny: 5e-324,
        huge: 1.7976931348623157e308,
      });
      const stored = await c.findOne({ _id: 1 });
      expect(stored).toEqual({
        _id: 1,
        nan: NaN,
        inf: Infinity,
        ninf: -Infinity,
        tiny: 5e-324,
        huge: 1.7976931348623157e308,
      });
    });

    it('tells numeric BSON types apart with $type', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 'int', v: 1 },
        { _id: 'double', v: 1.5 },
        { _id: 'long', v: Long.fromNumber(1) },
        { _id: 'decimal', v: Decimal128.fromString('1') },
        { _id: 'string', v: '1' },
      ]);
      expect(await ids(c, { v: { $type: 'int' } })).toEqual(['int']);
      expect(await ids(c, { v: { $type: 'double' } })).toEqual(['double']);
      expect(await ids(c, { v: { $type: 'long' } })).toEqual(['long']);
      expect(await ids(c, { v: { $type: 'decimal' } })).toEqual(['decimal']);
      expect((await ids(c, { v: { $type: 'number' } })).sort()).toEqual(['decimal', 'double', 'int', 'long']);
      expect((await ids(c, { v: 1 })).sort()).toEqual(['decimal', 'int', 'long']);
    });

    it('matches Chinese text by equality and by regex', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, title: '访谈记录：北京' },
        { _id: 2, title: '访谈记录：上海' },
        { _id: 3, title: 'Interview: Paris' },
      ]);
      expect(await ids(c, { title: '访谈记录：上海' })).toEqual([2]);
      expect(await ids(c, { title: /^访谈/ })).toEqual([1, 2]);
      expect(await ids(c, { title: { $regex: '北京$' } })).toEqual([1]);
    });
  });

  describe('what MongoDB 7.0 refuses', () => {
    it('an _id holding a $-prefixed field is refused, and nothing is written', async () => {
      const c = fresh();
      const error = await expectServerError(c.insertOne({ _id: { $a: 1 } }), { code: 52 });
      expect(error.message).toContain('$a');
      expect(await c.countDocuments()).toBe(0);
      // A DBRef's $ref/$id are stored as MongoDB stores them.
      await c.insertOne({ _id: { $ref: 'other', $id: 1 } });
      expect(await c.countDocuments()).toBe(1);
    });

    it('`sort` on an update statement (added in 8.0) is refused whole, nothing updated', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, x: 1 },
        { _id: 2, x: 1 },
      ]);
      await expectServerError(c.updateOne({}, { $inc: { x: 1 } }, { sort: { _id: -1 } }), { code: 40415 });
      await expectServerError(c.replaceOne({}, { x: 5 }, { sort: { _id: -1 } }), { code: 40415 });
      expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, x: 1 },
        { _id: 2, x: 1 },
      ]);
      // findOneAndUpdate has always taken a sort.
      expect(await c.findOneAndUpdate({}, { $inc: { x: 1 } }, { sort: { _id: -1 } })).toEqual({
        _id: 2,
        x: 1,
      });
    });
  });
});
