import { Collection, Document, MongoServerError, MongoWriteConcernError } from 'mongodb';
import { AnyDoc, expectServerError, openTestDatabase, rejectionOf, TestDatabase } from './support';

/** Server errors as the driver surfaces them: codes, code names and where they appear. */
describe('server errors', () => {
  let t: TestDatabase;
  let c: Collection<AnyDoc>;

  beforeAll(async () => {
    t = await openTestDatabase();
    c = t.db.collection<AnyDoc>('things');
  });

  beforeEach(async () => {
    await c.deleteMany({});
    await c.insertOne({ _id: 1, a: 1, s: 'text', arr: [1, 2], sub: { x: 1 } });
  });

  afterAll(async () => {
    await t.cleanup();
  });

  async function unchanged(): Promise<void> {
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      a: 1,
      s: 'text',
      arr: [1, 2],
      sub: { x: 1 },
    });
  }

  it('an unknown command fails with CommandNotFound (59)', async () => {
    const error = await expectServerError(t.db.command({ noSuchCommand: 1 }), {
      code: 59,
      codeName: 'CommandNotFound',
    });
    expect(error.message).toContain('noSuchCommand');
    expect(error.errorResponse).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
  });

  it('an unknown update operator is a FailedToParse (9) write error of the update command', async () => {
    const reply = await t.db.command({
      update: 'things',
      updates: [{ q: { _id: 1 }, u: { $bogus: { a: 1 } } }],
    });
    expect(reply.ok).toBe(1);
    expect(reply.n).toBe(0);
    expect(reply.nModified).toBe(0);
    expect(reply.writeErrors).toHaveLength(1);
    expect(reply.writeErrors[0]).toMatchObject({ index: 0, code: 9 });
    expect(reply.writeErrors[0].errmsg).toContain('Unknown modifier: $bogus');
    await unchanged();
  });

  it('the driver surfaces an unknown update operator as MongoServerError 9', async () => {
    await expectServerError(c.updateOne({ _id: 1 }, { $bogus: { a: 1 } }), {
      code: 9,
    });
    await unchanged();
  });

  it('changing _id with $set fails with ImmutableField (66)', async () => {
    const error = await expectServerError(c.updateOne({ _id: 1 }, { $set: { _id: 2 } }), {
      code: 66,
    });
    expect(error.message).toContain('_id');
    await unchanged();
  });

  it('a replacement with a different _id fails with ImmutableField (66)', async () => {
    await expectServerError(c.replaceOne({ _id: 1 }, { _id: 2, a: 5 }), { code: 66 });
    await unchanged();
  });

  it('listIndexes on a missing collection fails with NamespaceNotFound (26)', async () => {
    await expectServerError(t.db.command({ listIndexes: 'no_such_collection' }), {
      code: 26,
      codeName: 'NamespaceNotFound',
    });
    await expectServerError(t.db.collection<AnyDoc>('no_such_collection').listIndexes().toArray(), {
      code: 26,
    });
  });

  it('$inc on a non-number fails with TypeMismatch (14)', async () => {
    await expectServerError(c.updateOne({ _id: 1 }, { $inc: { s: 1 } }), { code: 14 });
    await unchanged();
  });

  it('$push on a non-array fails with BadValue (2)', async () => {
    await expectServerError(c.updateOne({ _id: 1 }, { $push: { s: 1 } } as Document), {
      code: 2,
    });
    await unchanged();
  });

  it('two operators on the same path fail with ConflictingUpdateOperators (40)', async () => {
    await expectServerError(c.updateOne({ _id: 1 }, { $set: { a: 2 }, $inc: { a: 1 } }), {
      code: 40,
    });
    await unchanged();
  });

  it('setting a field inside a scalar fails with PathNotViable (28)', async () => {
    await expectServerError(c.updateOne({ _id: 1 }, { $set: { 'a.b': 1 } }), { code: 28 });
    await unchanged();
  });

  it('an unknown query operator fails with BadValue (2)', async () => {
    const error = await expectServerError(c.find({ a: { $bogus: 1 } }).toArray(), {
      code: 2,
      codeName: 'BadValue',
    });
    expect(error.message).toContain('$bogus');
  });

  it('an unknown aggregation stage fails with 40324', async () => {
    const error = await expectServerError(c.aggregate([{ $bogus: {} }]).toArray(), { code: 40324 });
    expect(error.message).toContain('$bogus');
  });

  it('an unknown expression operator fails with InvalidPipelineOperator (168)', async () => {
    await expectServerError(c.aggregate([{ $project: { x: { $bogus: 1 } } }]).toArray(), {
      code: 168,
      codeName: 'InvalidPipelineOperator',
    });
  });

  it('a write error does not break the connection: the next command works', async () => {
    await expectServerError(c.insertOne({ _id: 1 }), { code: 11000 });
    await expect(c.countDocuments()).resolves.toBe(1);
  });

  it('errors are MongoServerError instances carrying the raw reply', async () => {
    try {
      await t.db.command({ listIndexes: 'still_missing' });
      throw new Error('expected listIndexes to fail');
    } catch (error) {
      expect(error).toBeInstanceOf(MongoServerError);
      const serverError = error as MongoServerError;
      expect(serverError.errorResponse.ok).toBe(0);
      expect(typeof serverError.errmsg).toBe('string');
      expect(serverError.errmsg?.length).toBeGreaterThan(0);
    }
  });

  it('a write concern more members than the replica set has is reported, the write being applied', async () => {
    const error = await rejectionOf(c.insertOne({ _id: 2 }, { writeConcern: { w: 50 } }));
    expect(error).toBeInstanceOf(MongoWriteConcernError);
    expect((error as MongoWriteConcernError).result).toMatchObject({
      writeConcernError: { code: 100, codeName: 'UnsatisfiableWriteConcern' },
    });
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2 });
  });

  it('a commit whose write concern cannot be met commits and reports the write concern error', async () => {
    const session = t.client.startSession();
    try {
      session.startTransaction({ writeConcern: { w: 50 } });
      await c.insertOne({ _id: 3 }, { session });
      const error = await rejectionOf(session.commitTransaction());
      expect(error).toBeInstanceOf(MongoWriteConcernError);
      expect((error as MongoWriteConcernError).code).toBe(100);
      expect((error as MongoWriteConcernError).hasErrorLabel('UnknownTransactionCommitResult')).toBe(false);
    } finally {
      await session.endSession();
    }
    expect(await c.findOne({ _id: 3 })).toEqual({ _id: 3 });
  });
});
