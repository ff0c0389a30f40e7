import { Collection, CommandStartedEvent, CommandSucceededEvent, Document, Long } from 'mongodb';
import { AnyDoc, cursorIdOf, expectServerError, openTestDatabase, TestDatabase } from './support';

/** Cursor protocol: find/aggregate first batches, getMore with batchSize, killCursors, unknown cursors. */
describe('cursors', () => {
  let t: TestDatabase;
  let docs: Collection<AnyDoc>;
  const started: CommandStartedEvent[] = [];
  const succeeded: CommandSucceededEvent[] = [];

  beforeAll(async () => {
    t = await openTestDatabase({ monitorCommands: true });
    t.client.on('commandStarted', (event) => started.push(event));
    t.client.on('commandSucceeded', (event) => succeeded.push(event));
    docs = t.db.collection<AnyDoc>('docs');
    await docs.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: i, label: `doc ${i}` })));
  });

  beforeEach(() => {
    started.length = 0;
    succeeded.length = 0;
  });

  afterAll(async () => {
    await t.cleanup();
  });

  const startedNamed = (name: string) => started.filter((e) => e.commandName === name);
  /** Replies of the successful commands with this name. */
  const repliesOf = (name: string): Document[] =>
    succeeded.filter((e) => e.commandName === name).map((e) => e.reply as Document);

  it('iterates 1000 documents in batches of 100 through find and getMore, in order', async () => {
    const result = await docs.find({}).sort({ _id: 1 }).batchSize(100).toArray();
    expect(result.map((d) => d._id)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(result[999]).toEqual({ _id: 999, label: 'doc 999' });

    const finds = startedNamed('find');
    expect(finds).toHaveLength(1);
    expect(finds[0].command.batchSize).toBe(100);
    expect(repliesOf('find')[0].cursor.firstBatch).toHaveLength(100);

    const getMores = startedNamed('getMore');
    // Nine getMores bring the other 900 documents; a server may need one more (empty) to notice the end.
    expect(getMores.length).toBeGreaterThanOrEqual(9);
    expect(getMores.length).toBeLessThanOrEqual(10);
    for (const getMore of getMores) {
      expect(getMore.command.batchSize).toBe(100);
      expect(getMore.command.collection).toBe('docs');
    }
    const batchSizes = repliesOf('getMore').map((reply) => reply.cursor.nextBatch.length);
    expect(batchSizes.slice(0, 9)).toEqual(Array(9).fill(100));
    expect(batchSizes.slice(9)).toEqual(batchSizes.length === 10 ? [0] : []);
    // The cursor was exhausted on the server: the last reply carries cursor id 0.
    const last = repliesOf('getMore').at(-1);
    expect(cursorIdOf(last?.cursor.id)).toBe(0n);
  });

  it('keeps the same cursor id across getMores', async () => {
    await docs.find({}).sort({ _id: 1 }).batchSize(300).toArray();
    const firstId = cursorIdOf(repliesOf('find')[0].cursor.id);
    expect(firstId).not.toBe(0n);
    for (const getMore of startedNamed('getMore')) {
      expect(cursorIdOf(getMore.command.getMore)).toBe(firstId);
    }
  });

  it('honours limit together with batchSize', async () => {
    const result = await docs
      .find({ _id: { $gte: 100 } })
      .sort({ _id: 1 })
      .limit(250)
      .batchSize(100)
      .toArray();
    expect(result.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => 100 + i));
    const getMores = startedNamed('getMore');
    expect(getMores.map((e) => e.command.batchSize)).toEqual([100, 50]);
  });

  it('returns a small result in the first batch with cursor id 0, needing no getMore', async () => {
    const result = await docs
      .find({ _id: { $lt: 5 } })
      .batchSize(10)
      .toArray();
    expect(result).toHaveLength(5);
    expect(cursorIdOf(repliesOf('find')[0].cursor.id)).toBe(0n);
    expect(startedNamed('getMore')).toHaveLength(0);
    expect(startedNamed('killCursors')).toHaveLength(0);
  });

  it('pages aggregate results with getMore too', async () => {
    const result = await docs
      .aggregate([{ $match: { _id: { $lt: 100 } } }, { $sort: { _id: -1 } }], { batchSize: 25 })
      .toArray();
    expect(result.map((d) => d._id)).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
    const aggregate = startedNamed('aggregate');
    expect(aggregate).toHaveLength(1);
    expect(aggregate[0].command.cursor).toEqual({ batchSize: 25 });
    expect(repliesOf('aggregate')[0].cursor.firstBatch).toHaveLength(25);
    const getMores = startedNamed('getMore');
    expect(getMores.length).toBeGreaterThanOrEqual(3);
    expect(getMores.length).toBeLessThanOrEqual(4);
  });

  it('cursor.close() sends killCursors for an open cursor, and the server kills it', async () => {
    const cursor = docs.find({}).sort({ _id: 1 }).batchSize(10);
    expect(await cursor.next()).toEqual({ _id: 0, label: 'doc 0' });
    const id = cursor.id;
    expect(id).toBeDefined();
    await cursor.close();

    const kills = startedNamed('killCursors');
    expect(kills).toHaveLength(1);
    expect(kills[0].command.killCursors).toBe('docs');
    expect(kills[0].command.cursors.map(cursorIdOf)).toEqual([cursorIdOf(id)]);
    const reply = repliesOf('killCursors')[0];
    expect(reply.cursorsKilled.map(cursorIdOf)).toEqual([cursorIdOf(id)]);
    expect(reply.cursorsNotFound).toEqual([]);

    await expectServerError(t.db.command({ getMore: id as Long, collection: 'docs' }), {
      code: 43,
      codeName: 'CursorNotFound',
    });
  });

  it('getMore on a cursor id the server never issued fails with CursorNotFound', async () => {
    await expectServerError(t.db.command({ getMore: Long.fromString('1234567890123'), collection: 'docs' }), {
      code: 43,
      codeName: 'CursorNotFound',
    });
  });

  it('getMore on an exhausted cursor fails with CursorNotFound', async () => {
    // A cursor belongs to the session that created it, so the raw commands share one explicit session.
    const session = t.client.startSession();
    try {
      const reply = await t.db.command(
        { find: 'docs', filter: {}, sort: { _id: 1 }, batchSize: 400 },
        { session },
      );
      expect(reply.cursor.firstBatch).toHaveLength(400);
      const id = Long.fromBigInt(cursorIdOf(reply.cursor.id));
      expect(id.isZero()).toBe(false);
      const second = await t.db.command({ getMore: id, collection: 'docs', batchSize: 1000 }, { session });
      expect(second.cursor.nextBatch).toHaveLength(600);
      expect(second.cursor.nextBatch[599]).toEqual({ _id: 999, label: 'doc 999' });
      expect(cursorIdOf(second.cursor.id)).toBe(0n);
      await expectServerError(t.db.command({ getMore: id, collection: 'docs' }, { session }), {
        code: 43,
        codeName: 'CursorNotFound',
      });
    } finally {
      await session.endSession();
    }
  });

  it('interleaves two open cursors on the same collection independently', async () => {
    const a = docs.find({}).sort({ _id: 1 }).batchSize(2);
    const b = docs.find({}).sort({ _id: -1 }).batchSize(2);
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    for (let i = 0; i < 5; i += 1) {
      seenA.push((await a.next())?._id);
      seenB.push((await b.next())?._id);
    }
    await a.close();
    await b.close();
    expect(seenA).toEqual([0, 1, 2, 3, 4]);
    expect(seenB).toEqual([999, 998, 997, 996, 995]);
  });
});
