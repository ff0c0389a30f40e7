import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Binary,
  Decimal128,
  Document,
  Double,
  Long,
  MongoClient,
  MongoServerError,
  ObjectId,
  Timestamp,
} from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';
import { ChangeLog, decodeToken, encodeToken } from '../../src/changeStreams';

/** Documents with any _id type. */
interface Loose extends Document {
  _id?: string | number;
}

/** Engine behaviour the driver-level suite does not pin down, checked through the official driver. */
describe('engine semantics', () => {
  let dir: string;
  let engine: EmbeddedEngine;
  let client: MongoClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-semantics-'));
    engine = await startEmbeddedEngine({ dbPath: dir });
    client = await new MongoClient(engine.uri).connect();
  });

  afterAll(async () => {
    await client.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const db = () => client.db('semantics');

  it('a transaction reads the snapshot of its start, plus its own writes', async () => {
    const c = db().collection<Loose>('snapshot');
    await c.insertMany([
      { _id: 1, v: 'old' },
      { _id: 2, v: 'old' },
    ]);
    const session = client.startSession();
    try {
      session.startTransaction();
      await c.updateOne({ _id: 1 }, { $set: { v: 'mine' } }, { session });
      await c.updateOne({ _id: 2 }, { $set: { v: 'outside' } });
      await c.insertOne({ _id: 3, v: 'outside' });
      expect(await c.find({}, { session }).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, v: 'mine' },
        { _id: 2, v: 'old' },
      ]);
      // Writing a document changed after the snapshot is a conflict.
      const error = await c
        .updateOne({ _id: 2 }, { $set: { v: 'late' } }, { session })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(112);
      expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
    } finally {
      await session.abortTransaction().catch(() => undefined);
      await session.endSession();
    }
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, v: 'old' },
      { _id: 2, v: 'outside' },
      { _id: 3, v: 'outside' },
    ]);
  });

  it('a plain write to a document a transaction holds waits for the commit and is not lost', async () => {
    const c = db().collection<Loose>('waits');
    await c.insertOne({ _id: 1, n: 0 });
    const session = client.startSession();
    try {
      session.startTransaction();
      await c.updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session });
      const outside = c.updateOne({ _id: 1 }, { $inc: { n: 10 } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await session.commitTransaction();
      expect((await outside).modifiedCount).toBe(1);
    } finally {
      await session.endSession();
    }
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, n: 11 });
  });

  it('keeps int64, decimal and whole doubles through updates, with typed arithmetic', async () => {
    const c = db().collection<Loose>('typed');
    await c.insertOne({
      _id: 1,
      long: Long.fromString('9007199254740993'),
      int: 2147483647,
      dec: Decimal128.fromString('1.5'),
      d: 2.5,
    });
    await c.updateOne({ _id: 1 }, { $inc: { long: 1, int: 1, dec: 1, d: 0.5 }, $set: { tag: 'x' } });
    const raw = await c.findOne({ _id: 1 }, { promoteValues: false });
    expect(raw?.long).toEqual(Long.fromString('9007199254740994'));
    expect(raw?.int).toEqual(Long.fromString('2147483648'));
    expect(String(raw?.dec)).toBe('2.5');
    expect(raw?.d?._bsontype).toBe('Double');
    expect(raw?.d?.valueOf()).toBe(3);
    expect(await c.countDocuments({ long: { $gt: Long.fromString('9007199254740993') } })).toBe(1);
    expect(await c.countDocuments({ long: { $type: 'long' }, int: { $type: 'long' } })).toBe(1);
  });

  it('keeps the BSON types of untouched values through pipeline updates and aggregation', async () => {
    const c = db().collection<Loose>('pipelines');
    await c.insertOne({
      _id: 1,
      big: Long.fromNumber(5),
      whole: new Double(2),
      n: 1,
      nested: { l: Long.fromNumber(7) },
    });
    await c.updateOne({ _id: 1 }, [{ $set: { n: { $add: ['$n', 1] } } }]);
    const raw = await c.findOne({ _id: 1 }, { promoteValues: false });
    expect(raw?.big?._bsontype).toBe('Long');
    expect(raw?.whole?._bsontype).toBe('Double');
    expect(raw?.nested?.l?._bsontype).toBe('Long');
    const [projected] = await c
      .aggregate([{ $project: { big: 1, nested: 1, twice: { $multiply: ['$n', 2] } } }], {
        promoteValues: false,
      })
      .toArray();
    expect(projected.big._bsontype).toBe('Long');
    expect(projected.nested.l._bsontype).toBe('Long');
    expect(projected.twice.valueOf()).toBe(4);
  });

  it('converts ObjectIds in expressions and names BSON types like the server', async () => {
    const c = db().collection<Loose>('expressions');
    const id = new ObjectId();
    await c.insertOne({ _id: 'x', ref: id, big: Long.fromNumber(1) });
    const [out] = await c
      .aggregate([
        {
          $project: {
            hex: { $toString: '$ref' },
            back: { $toObjectId: { $toString: '$ref' } },
            refType: { $type: '$ref' },
            missingType: { $type: '$nope' },
            literal: { $literal: { $type: 'kept' } },
          },
        },
      ])
      .toArray();
    expect(out).toEqual({
      _id: 'x',
      hex: id.toHexString(),
      back: id,
      refType: 'objectId',
      missingType: 'missing',
      literal: { $type: 'kept' },
    });
    expect(await c.countDocuments({ $expr: { $eq: [{ $toString: '$ref' }, id.toHexString()] } })).toBe(1);
  });

  it('matches regular expressions in aggregation $match and $lookup sub-pipelines', async () => {
    const speakers = db().collection<Loose>('speakers');
    await speakers.insertMany([
      { _id: 1, name: 'Guest One' },
      { _id: 2, name: 'guest two' },
      { _id: 3, name: 'Host' },
    ]);
    expect(await speakers.countDocuments({ $or: [{ name: /guest/i }, { bio: /guest/i }] })).toBe(2);
    const joined = await db()
      .collection('anchor')
      .aggregate([
        { $documents: [{ x: 1 }] },
        {
          $lookup: {
            from: 'speakers',
            pipeline: [{ $match: { name: /^g/i } }, { $sort: { _id: -1 } }],
            as: 'found',
          },
        },
      ])
      .toArray()
      .catch(() => undefined);
    if (joined) expect(joined[0].found.map((s: Document) => s._id)).toEqual([2, 1]);
  });

  it('reports updates of nested fields and removed fields in change events', async () => {
    const c = db().collection<Loose>('described');
    await c.insertOne({ _id: 1, a: { b: 1, c: 2 }, list: [1, 2, 3], gone: true });
    const stream = c.watch([], { maxAwaitTimeMS: 100 });
    expect(await stream.tryNext()).toBeNull();
    await c.updateOne({ _id: 1 }, { $set: { 'a.b': 5 }, $unset: { gone: '' }, $pop: { list: 1 } });
    let event: Document | null = null;
    for (let i = 0; i < 20 && !event; i++) event = await stream.tryNext();
    await stream.close();
    expect(event?.updateDescription).toEqual({
      updatedFields: { 'a.b': 5 },
      removedFields: ['gone'],
      truncatedArrays: [{ field: 'list', newSize: 2 }],
    });
  });

  it('refuses to resume from a token older than the event history (ChangeStreamHistoryLost)', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'engine-semantics-history-'));
    try {
      let other = await startEmbeddedEngine({ dbPath: otherDir });
      let otherClient = await new MongoClient(other.uri).connect();
      const c = otherClient.db('h').collection<Loose>('c');
      const stream = c.watch([], { maxAwaitTimeMS: 100 });
      expect(await stream.tryNext()).toBeNull();
      await c.insertMany([{ _id: 1 }, { _id: 2 }]);
      let first: Document | null = null;
      for (let i = 0; i < 20 && !first; i++) first = await stream.tryNext();
      const last = await stream.tryNext();
      await stream.close();
      await otherClient.close();
      await other.close();

      // After a restart the history starts anew: the last token still resumes, an older one cannot.
      other = await startEmbeddedEngine({ dbPath: otherDir });
      otherClient = await new MongoClient(other.uri).connect();
      try {
        const coll = otherClient.db('h').collection<Loose>('c');
        const resumed = coll.watch([], { maxAwaitTimeMS: 100, resumeAfter: last?._id });
        expect(await resumed.tryNext()).toBeNull();
        await resumed.close();
        const lost = coll.watch([], { maxAwaitTimeMS: 100, resumeAfter: first?._id });
        const error = await lost.tryNext().catch((e: unknown) => e);
        await lost.close();
        expect(error).toBeInstanceOf(MongoServerError);
        expect((error as MongoServerError).code).toBe(286);
      } finally {
        await otherClient.close();
        await other.close();
      }
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('starts a stream at an operation time, and ends a collection stream with invalidate on drop', async () => {
    const c = db().collection<Loose>('timed');
    await c.insertOne({ _id: 'before' });
    const { operationTime } = await db().command({ ping: 1 });
    await c.insertOne({ _id: 'after' });
    const stream = c.watch([], { maxAwaitTimeMS: 100, startAtOperationTime: operationTime });
    const seen: Document[] = [];
    for (let i = 0; i < 50 && seen.length < 2; i++) {
      const event = await stream.tryNext();
      if (event) seen.push(event);
    }
    // Inclusive, as on the server: the ping's operationTime is the time of the last write.
    expect(seen.map((e) => e.documentKey._id)).toEqual(['before', 'after']);
    await c.drop();
    for (let i = 0; i < 50 && seen.length < 4; i++) {
      const event = await stream.tryNext().catch(() => null);
      if (event) seen.push(event);
    }
    expect(seen.map((e) => e.operationType)).toEqual(['insert', 'insert', 'drop', 'invalidate']);
    await stream.close();
  });

  it('keeps a change log bounded by count and by size, and knows when history was evicted', () => {
    const log = new ChangeLog();
    log.limit({ maxChanges: 100 });
    const change = (lsn: number, after?: Document) => ({
      lsn,
      index: 0,
      clusterTime: new Timestamp({ t: 1, i: lsn }),
      wallTime: new Date(),
      kind: 'insert' as const,
      db: 'd',
      coll: 'c',
      ...(after ? { after } : {}),
    });
    for (let lsn = 1; lsn <= 500; lsn++) log.append([change(lsn)]);
    expect(log.length).toBeLessThanOrEqual(100);
    expect(log.lostAfter({ lsn: 10, index: 0, sub: 0 })).toBe(true);
    expect(log.lostAfter({ lsn: 499, index: 0, sub: 0 })).toBe(false);
    expect(log.at(log.firstAfter({ lsn: 450, index: 0, sub: 0 })).lsn).toBe(451);

    // Large documents: the size bound drops changes long before the count bound would.
    const sized = new ChangeLog();
    sized.limit({ maxChanges: 1000, maxBytes: 100_000 });
    const text = 'x'.repeat(10_000);
    for (let lsn = 1; lsn <= 50; lsn++) sized.append([change(lsn, { _id: lsn, text })]);
    expect(sized.length).toBeLessThanOrEqual(10);
    expect(sized.length).toBeGreaterThan(0);
    expect(sized.lostAfter({ lsn: 30, index: 0, sub: 0 })).toBe(true);
    expect(sized.lostAfter({ lsn: 49, index: 0, sub: 0 })).toBe(false);
    const token = encodeToken(new Timestamp({ t: 5, i: 6 }), { lsn: 42, index: 3, sub: 1 });
    expect(decodeToken(token)).toEqual({ lsn: 42, index: 3, sub: 1 });
    expect(() => decodeToken({ _data: 'nope' })).toThrow(/resume token/);
  });

  it('enforces collection validators, query-style and $jsonSchema', async () => {
    const people = await db().createCollection<Loose>('validated', {
      validator: {
        $jsonSchema: {
          bsonType: 'object',
          required: ['name', 'age'],
          properties: { name: { bsonType: 'string', minLength: 1 }, age: { bsonType: 'int', minimum: 0 } },
        },
      },
    });
    await people.insertOne({ _id: 1, name: 'Ann', age: 30 });
    for (const bad of [
      { _id: 2, name: 'Bob' },
      { _id: 3, name: '', age: 1 },
      { _id: 4, name: 'Cy', age: 1.5 },
    ]) {
      await expect(people.insertOne(bad)).rejects.toMatchObject({ code: 121 });
    }
    await expect(people.updateOne({ _id: 1 }, { $set: { age: -1 } })).rejects.toMatchObject({ code: 121 });
    await people.insertOne({ _id: 5, name: 'Dee' }, { bypassDocumentValidation: true });
    const scored = await db().createCollection<Loose>('scored', { validator: { score: { $gte: 0 } } });
    await scored.insertOne({ _id: 1, score: 3 });
    await expect(scored.insertOne({ _id: 2, score: -3 })).rejects.toMatchObject({ code: 121 });
    expect(await people.countDocuments({ $jsonSchema: { required: ['age'] } })).toBe(1);
  });

  it('round-trips binary subtypes and keeps field order through replace and $set', async () => {
    const c = db().collection<Loose>('order');
    const blob = new Binary(Buffer.from([1, 2, 3]), 0x80);
    await c.insertOne({ _id: 1, z: 1, a: 2, blob });
    await c.replaceOne({ _id: 1 }, { y: 1, b: blob, a: 0 });
    await c.updateOne({ _id: 1 }, { $set: { b: blob, c: 3 } });
    const doc = await c.findOne({ _id: 1 });
    expect(Object.keys(doc ?? {})).toEqual(['_id', 'y', 'b', 'a', 'c']);
    expect((doc?.b as Binary).sub_type).toBe(0x80);
  });
  it('matches number ranges as MongoDB does: per array element, by numeric value across types, never other types', async () => {
    const c = db().collection<Loose>('number-ranges');
    await c.insertMany([
      { _id: 1, position: 3 },
      { _id: 2, position: 7.5 },
      { _id: 3, position: Long.fromNumber(5) },
      { _id: 4, position: Decimal128.fromString('6') },
      { _id: 5, position: new Double(4) },
      { _id: 6, position: [-5, 20] },
      { _id: 7, position: [1, 100] },
      { _id: 8, position: '5' },
      { _id: 9, position: null },
      { _id: 10 },
      { _id: 12, position: { n: 5 } },
      { _id: 13, position: [[5]] },
    ]);
    const ids = async (filter: Document) =>
      (await c.find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id);
    expect(await ids({ position: { $gt: 3, $lte: 6 } })).toEqual([3, 4, 5, 6, 7]);
    expect(await ids({ position: { $gte: 3, $lt: 7.5 } })).toEqual([1, 3, 4, 5, 6, 7]);
    expect(await ids({ position: { $lt: 0 } })).toEqual([6]);
    expect(await ids({ position: { $gt: 50 } })).toEqual([7]);
    // Beside an equality on another field, as a page of one interview's entries is asked for.
    expect(await ids({ _id: { $in: [1, 2, 8] }, position: { $gt: 0, $lte: 5 } })).toEqual([1]);
  });
});
