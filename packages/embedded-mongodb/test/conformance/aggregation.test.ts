import { Collection, Document, MongoServerError } from 'mongodb';
import { AnyDoc, expectServerError, openTestDatabase, rejectionOf, TestDatabase } from './support';

/** The aggregation pipeline: each stage's output checked exactly. */
describe('aggregation pipeline', () => {
  let t: TestDatabase;
  let sales: Collection<AnyDoc>;
  let customers: Collection<AnyDoc>;
  let orders: Collection<AnyDoc>;
  let scores: Collection<AnyDoc>;

  beforeAll(async () => {
    t = await openTestDatabase();
    sales = t.db.collection<AnyDoc>('sales');
    customers = t.db.collection<AnyDoc>('customers');
    orders = t.db.collection<AnyDoc>('orders');
    scores = t.db.collection<AnyDoc>('scores');
    await sales.insertMany([
      { _id: 1, item: 'apple', qty: 5, price: 2, team: 'a', tags: ['red', 'fruit'] },
      { _id: 2, item: 'banana', qty: 10, price: 1, team: 'b', tags: ['yellow', 'fruit'] },
      { _id: 3, item: 'carrot', qty: 3, price: 4, team: 'a', tags: [] },
      { _id: 4, item: 'date', qty: 8, price: 3, team: 'b', tags: null },
      { _id: 5, item: 'egg', qty: 1, price: 6, team: 'a' },
    ]);
    await customers.insertMany([
      { _id: 1, name: 'Ann' },
      { _id: 2, name: 'Bob' },
      { _id: 3, name: 'Cy' },
    ]);
    await orders.insertMany([
      { _id: 10, customerId: 1, amount: 5 },
      { _id: 11, customerId: 1, amount: 7 },
      { _id: 12, customerId: 2, amount: 3 },
    ]);
    await scores.insertMany([
      { _id: 1, team: 'a', score: 10 },
      { _id: 2, team: 'a', score: 30 },
      { _id: 3, team: 'a', score: 20 },
      { _id: 4, team: 'b', score: 5 },
      { _id: 5, team: 'b', score: 15 },
    ]);
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('$match then $project with computed fields', async () => {
    const result = await sales
      .aggregate([
        { $match: { qty: { $gte: 3 } } },
        { $sort: { _id: 1 } },
        {
          $project: {
            _id: 0,
            item: 1,
            total: { $multiply: ['$qty', '$price'] },
            label: { $concat: [{ $toUpper: '$item' }, ':', '$team'] },
            bulk: { $cond: [{ $gte: ['$qty', 8] }, 'yes', 'no'] },
          },
        },
      ])
      .toArray();
    expect(result).toEqual([
      { item: 'apple', total: 10, label: 'APPLE:a', bulk: 'no' },
      { item: 'banana', total: 10, label: 'BANANA:b', bulk: 'yes' },
      { item: 'carrot', total: 12, label: 'CARROT:a', bulk: 'no' },
      { item: 'date', total: 24, label: 'DATE:b', bulk: 'yes' },
    ]);
  });

  it('$addFields keeps the existing fields', async () => {
    const result = await sales
      .aggregate([
        { $match: { _id: { $in: [1, 5] } } },
        { $sort: { _id: 1 } },
        {
          $addFields: {
            total: { $multiply: ['$qty', '$price'] },
            tagCount: { $size: { $ifNull: ['$tags', []] } },
          },
        },
      ])
      .toArray();
    expect(result).toEqual([
      { _id: 1, item: 'apple', qty: 5, price: 2, team: 'a', tags: ['red', 'fruit'], total: 10, tagCount: 2 },
      { _id: 5, item: 'egg', qty: 1, price: 6, team: 'a', total: 6, tagCount: 0 },
    ]);
  });

  it('$group with $sum, $avg, $push, $first and $max', async () => {
    const result = await sales
      .aggregate([
        { $sort: { _id: 1 } },
        {
          $group: {
            _id: '$team',
            n: { $sum: 1 },
            qty: { $sum: '$qty' },
            avgPrice: { $avg: '$price' },
            items: { $push: '$item' },
            first: { $first: '$item' },
            maxQty: { $max: '$qty' },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(result).toEqual([
      { _id: 'a', n: 3, qty: 9, avgPrice: 4, items: ['apple', 'carrot', 'egg'], first: 'apple', maxQty: 5 },
      { _id: 'b', n: 2, qty: 18, avgPrice: 2, items: ['banana', 'date'], first: 'banana', maxQty: 10 },
    ]);
  });

  it('$group with a null _id summarises the whole input', async () => {
    const result = await sales
      .aggregate([
        { $group: { _id: null, qty: { $sum: '$qty' }, avg: { $avg: '$qty' }, missing: { $sum: '$nope' } } },
      ])
      .toArray();
    expect(result).toEqual([{ _id: null, qty: 27, avg: 5.4, missing: 0 }]);
  });

  it('$group on a compound key', async () => {
    const result = await sales
      .aggregate([
        { $group: { _id: { team: '$team', cheap: { $lte: ['$price', 2] } }, n: { $sum: 1 } } },
        { $sort: { '_id.team': 1, '_id.cheap': 1 } },
      ])
      .toArray();
    expect(result).toEqual([
      { _id: { team: 'a', cheap: false }, n: 2 },
      { _id: { team: 'a', cheap: true }, n: 1 },
      { _id: { team: 'b', cheap: false }, n: 1 },
      { _id: { team: 'b', cheap: true }, n: 1 },
    ]);
  });

  it('$unwind emits one document per array element and drops empty, null and missing', async () => {
    const result = await sales
      .aggregate([{ $sort: { _id: 1 } }, { $unwind: '$tags' }, { $project: { tags: 1 } }])
      .toArray();
    expect(result).toEqual([
      { _id: 1, tags: 'red' },
      { _id: 1, tags: 'fruit' },
      { _id: 2, tags: 'yellow' },
      { _id: 2, tags: 'fruit' },
    ]);
  });

  it('$unwind with preserveNullAndEmptyArrays and includeArrayIndex keeps the others', async () => {
    const result = await sales
      .aggregate([
        { $sort: { _id: 1 } },
        { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } },
        { $project: { tags: 1, i: 1 } },
      ])
      .toArray();
    expect(result).toEqual([
      { _id: 1, tags: 'red', i: 0 },
      { _id: 1, tags: 'fruit', i: 1 },
      { _id: 2, tags: 'yellow', i: 0 },
      { _id: 2, tags: 'fruit', i: 1 },
      { _id: 3, i: null },
      { _id: 4, tags: null, i: null },
      { _id: 5, i: null },
    ]);
  });

  it('$sort on several keys, then $skip and $limit', async () => {
    const sorted = await sales
      .aggregate([{ $sort: { team: 1, qty: -1 } }, { $project: { _id: 1 } }])
      .toArray();
    expect(sorted.map((d) => d._id)).toEqual([1, 3, 5, 2, 4]);
    const page = await sales
      .aggregate([{ $sort: { price: -1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { item: 1, _id: 0 } }])
      .toArray();
    expect(page).toEqual([{ item: 'carrot' }, { item: 'date' }]);
  });

  it('$count counts, and yields no document for empty input', async () => {
    expect(await sales.aggregate([{ $match: { team: 'a' } }, { $count: 'n' }]).toArray()).toEqual([{ n: 3 }]);
    expect(await sales.aggregate([{ $match: { team: 'zzz' } }, { $count: 'n' }]).toArray()).toEqual([]);
  });

  it('$facet runs several sub-pipelines over the same input', async () => {
    const result = await sales
      .aggregate([
        {
          $facet: {
            byTeam: [{ $group: { _id: '$team', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
            top: [{ $sort: { qty: -1 } }, { $limit: 2 }, { $project: { _id: 1 } }],
            count: [{ $count: 'n' }],
            none: [{ $match: { qty: { $gt: 100 } } }],
          },
        },
      ])
      .toArray();
    expect(result).toEqual([
      {
        byTeam: [
          { _id: 'a', n: 3 },
          { _id: 'b', n: 2 },
        ],
        top: [{ _id: 2 }, { _id: 4 }],
        count: [{ n: 5 }],
        none: [],
      },
    ]);
  });

  it('$replaceRoot promotes a subdocument or a computed document', async () => {
    const nested = t.db.collection<AnyDoc>('nested');
    await nested.insertMany([
      { _id: 1, inner: { a: 1, b: { c: 2 } } },
      { _id: 2, inner: { a: 3 } },
    ]);
    expect(
      await nested.aggregate([{ $sort: { _id: 1 } }, { $replaceRoot: { newRoot: '$inner' } }]).toArray(),
    ).toEqual([{ a: 1, b: { c: 2 } }, { a: 3 }]);
    expect(
      await sales
        .aggregate([
          { $match: { _id: 1 } },
          {
            $replaceRoot: { newRoot: { $mergeObjects: [{ id: '$_id', item: '$item' }, { units: '$qty' }] } },
          },
        ])
        .toArray(),
    ).toEqual([{ id: 1, item: 'apple', units: 5 }]);
  });

  it('$lookup with localField and foreignField joins every match, including array local values', async () => {
    const joined = await customers
      .aggregate([
        { $sort: { _id: 1 } },
        { $lookup: { from: 'orders', localField: '_id', foreignField: 'customerId', as: 'orders' } },
      ])
      .toArray();
    const byOrderId = (docs: Document[]) => [...docs].sort((x, y) => x._id - y._id);
    expect(joined.map((c) => ({ ...c, orders: byOrderId(c.orders) }))).toEqual([
      {
        _id: 1,
        name: 'Ann',
        orders: [
          { _id: 10, customerId: 1, amount: 5 },
          { _id: 11, customerId: 1, amount: 7 },
        ],
      },
      { _id: 2, name: 'Bob', orders: [{ _id: 12, customerId: 2, amount: 3 }] },
      { _id: 3, name: 'Cy', orders: [] },
    ]);

    const bundles = t.db.collection<AnyDoc>('bundles');
    await bundles.insertOne({ _id: 'b', customerIds: [1, 3] });
    const [bundle] = await bundles
      .aggregate([
        { $lookup: { from: 'customers', localField: 'customerIds', foreignField: '_id', as: 'members' } },
      ])
      .toArray();
    expect([...bundle.members].sort((x: Document, y: Document) => x._id - y._id)).toEqual([
      { _id: 1, name: 'Ann' },
      { _id: 3, name: 'Cy' },
    ]);
  });

  it('$lookup treats a missing local or foreign field as null', async () => {
    const left = t.db.collection<AnyDoc>('left');
    const right = t.db.collection<AnyDoc>('right');
    await left.insertMany([{ _id: 1, k: 'x' }, { _id: 2 }]);
    await right.insertMany([{ _id: 'rx', k: 'x' }, { _id: 'rnull', k: null }, { _id: 'rmissing' }]);
    const result = await left
      .aggregate([
        { $sort: { _id: 1 } },
        { $lookup: { from: 'right', localField: 'k', foreignField: 'k', as: 'm' } },
      ])
      .toArray();
    expect(result[0]).toEqual({ _id: 1, k: 'x', m: [{ _id: 'rx', k: 'x' }] });
    expect(result[1]._id).toBe(2);
    expect(result[1].m.map((d: Document) => d._id).sort()).toEqual(['rmissing', 'rnull']);
  });

  it('$lookup from a collection that does not exist yields empty arrays', async () => {
    const result = await customers
      .aggregate([
        { $match: { _id: 1 } },
        { $lookup: { from: 'no_such_collection', localField: '_id', foreignField: 'x', as: 'none' } },
      ])
      .toArray();
    expect(result).toEqual([{ _id: 1, name: 'Ann', none: [] }]);
  });

  it('$lookup with let and a pipeline using $expr', async () => {
    const result = await customers
      .aggregate([
        { $sort: { _id: 1 } },
        {
          $lookup: {
            from: 'orders',
            let: { cid: '$_id', min: 5 },
            pipeline: [
              {
                $match: {
                  $expr: { $and: [{ $eq: ['$customerId', '$$cid'] }, { $gte: ['$amount', '$$min'] }] },
                },
              },
              { $sort: { amount: -1 } },
              { $project: { _id: 0, amount: 1 } },
            ],
            as: 'big',
          },
        },
        { $project: { name: 1, big: 1, _id: 0 } },
      ])
      .toArray();
    expect(result).toEqual([
      { name: 'Ann', big: [{ amount: 7 }, { amount: 5 }] },
      { name: 'Bob', big: [] },
      { name: 'Cy', big: [] },
    ]);
  });

  it('$setWindowFields numbers documents and sums over windows within partitions', async () => {
    const result = await scores
      .aggregate([
        {
          $setWindowFields: {
            partitionBy: '$team',
            sortBy: { score: -1 },
            output: {
              rank: { $documentNumber: {} },
              teamTotal: { $sum: '$score', window: { documents: ['unbounded', 'unbounded'] } },
              running: { $sum: '$score', window: { documents: ['unbounded', 'current'] } },
            },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(result).toEqual([
      { _id: 1, team: 'a', score: 10, rank: 3, teamTotal: 60, running: 60 },
      { _id: 2, team: 'a', score: 30, rank: 1, teamTotal: 60, running: 30 },
      { _id: 3, team: 'a', score: 20, rank: 2, teamTotal: 60, running: 50 },
      { _id: 4, team: 'b', score: 5, rank: 2, teamTotal: 20, running: 20 },
      { _id: 5, team: 'b', score: 15, rank: 1, teamTotal: 20, running: 15 },
    ]);
  });

  it('an aggregation over a collection that does not exist returns nothing', async () => {
    await expect(
      t.db
        .collection('absent')
        .aggregate([{ $match: {} }])
        .toArray(),
    ).resolves.toEqual([]);
  });

  it('returns large results through the cursor in several batches', async () => {
    const many = t.db.collection<AnyDoc>('many');
    await many.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, even: i % 2 === 0 })));
    const result = await many
      .aggregate([{ $match: { even: true } }, { $sort: { _id: -1 } }], { batchSize: 20 })
      .toArray();
    expect(result.map((d) => d._id)).toEqual(Array.from({ length: 125 }, (_, i) => 248 - 2 * i));
  });

  it('let values are expressions, evaluated once before the command (not stored or returned as written)', async () => {
    const result = await sales
      .aggregate(
        [
          { $match: { $expr: { $eq: ['$_id', '$$id'] } } },
          { $project: { _id: 0, literal: '$$literal', sum: '$$sum', random: '$$random' } },
        ],
        { let: { id: 1, literal: { $literal: '$qty' }, sum: { $add: [1, 2] }, random: { $rand: {} } } },
      )
      .toArray();
    expect(result).toEqual([{ literal: '$qty', sum: 3, random: expect.any(Number) }]);

    const lets = t.db.collection<AnyDoc>('lets');
    await lets.insertMany([
      { _id: 1, name: 'a' },
      { _id: 2, name: 'a' },
      { _id: 3, name: 'b' },
    ]);
    const updated = await lets.updateMany(
      { $expr: { $eq: ['$name', '$$name'] } },
      [{ $set: { label: '$$label', total: '$$total' } }],
      { let: { name: 'a', label: { $literal: 'plain' }, total: { $multiply: [2, 5] } } },
    );
    expect(updated.modifiedCount).toBe(2);
    expect(await lets.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, name: 'a', label: 'plain', total: 10 },
      { _id: 2, name: 'a', label: 'plain', total: 10 },
      { _id: 3, name: 'b' },
    ]);
  });

  it('a $merge with whenMatched: fail reports the duplicate key as MongoDB does', async () => {
    const target = t.db.collection<AnyDoc>('merge_target');
    await target.insertMany([{ _id: 1 }, { _id: 2 }]);
    const error = await expectServerError(
      t.db
        .aggregate([
          { $documents: [{ _id: 2, x: 1 }] },
          { $merge: { into: 'merge_target', whenMatched: 'fail' } },
        ])
        .toArray(),
      { code: 11000 },
    );
    expect(error.errorResponse).toMatchObject({ keyPattern: { _id: 1 }, keyValue: { _id: 2 } });
  });

  it('$out under a linearizable read concern is refused, and nothing is written', async () => {
    const error = await rejectionOf(
      sales.aggregate([{ $out: 'linearizable_out' }], { readConcern: { level: 'linearizable' } }).toArray(),
    );
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).codeName).toBe('InvalidOptions');
    expect(await t.db.listCollections({ name: 'linearizable_out' }).toArray()).toEqual([]);
  });

  it("$listLocalSessions lists the sessions the server holds, the caller's among them", async () => {
    const session = t.client.startSession();
    try {
      await sales.findOne({}, { session });
      const sessions = await t.client
        .db('admin')
        .aggregate([{ $listLocalSessions: {} }])
        .toArray();
      const ids = sessions.map(
        (entry) => (entry._id as Document).id as { toString(encoding: string): string },
      );
      expect(ids.map((id) => id.toString('hex'))).toContain(session.id?.id.toString('hex'));
      expect(sessions[0]).toEqual({
        _id: { id: expect.anything(), uid: expect.anything() },
        lastUse: expect.any(Date),
      });
    } finally {
      await session.endSession();
    }
  });
});
