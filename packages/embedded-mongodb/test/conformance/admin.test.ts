import { Collection, CollectionInfo } from 'mongodb';
import { AnyDoc, expectServerError, openTestDatabase, TestDatabase } from './support';

/** Collections and indexes as objects: create, list, drop. */
describe('collections, databases and index administration', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase();
  });

  afterAll(async () => {
    await t.cleanup();
  });

  async function collectionNames(): Promise<string[]> {
    return (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  }

  describe('collections', () => {
    it('createCollection creates an empty collection that listCollections shows', async () => {
      const created = await t.db.createCollection('made');
      expect(created.collectionName).toBe('made');
      expect(await collectionNames()).toContain('made');
      expect(await t.db.collection<AnyDoc>('made').countDocuments()).toBe(0);
      const [info] = await t.db.listCollections({ name: 'made' }).toArray();
      expect(info).toMatchObject({
        name: 'made',
        type: 'collection',
        options: {},
        info: { readOnly: false },
      });
      expect((info as CollectionInfo).idIndex).toMatchObject({ key: { _id: 1 }, name: '_id_' });
    });

    it('the first insert creates a collection implicitly', async () => {
      expect(await collectionNames()).not.toContain('implicit');
      await t.db.collection<AnyDoc>('implicit').insertOne({ a: 1 });
      expect(await collectionNames()).toContain('implicit');
    });

    it('listCollections filters by name and other fields', async () => {
      await t.db.createCollection('filter_one');
      await t.db.createCollection('filter_two');
      const exact = await t.db.listCollections({ name: 'filter_one' }).toArray();
      expect(exact.map((c) => c.name)).toEqual(['filter_one']);
      const matching = await t.db.listCollections({ name: /^filter_/ }, { nameOnly: true }).toArray();
      expect(matching.map((c) => c.name).sort()).toEqual(['filter_one', 'filter_two']);
      expect(await t.db.listCollections({ name: 'nope' }).toArray()).toEqual([]);
      const typed = await t.db
        .listCollections({ type: 'collection', name: { $in: ['filter_two'] } })
        .toArray();
      expect(typed.map((c) => c.name)).toEqual(['filter_two']);
    });

    it('drop removes the collection, its documents and its indexes', async () => {
      const c = t.db.collection<AnyDoc>('to_drop');
      await c.insertMany([{ a: 1 }, { a: 2 }]);
      await c.createIndex({ a: 1 });
      await expect(c.drop()).resolves.toBe(true);
      expect(await collectionNames()).not.toContain('to_drop');
      expect(await c.countDocuments()).toBe(0);
      await c.insertOne({ a: 3 });
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    });

    it('dropDatabase removes every collection of the database', async () => {
      const other = t.client.db(`${t.dbName}_x`);
      await other.collection<AnyDoc>('a').insertOne({ a: 1 });
      await other.collection<AnyDoc>('b').insertOne({ b: 1 });
      const listed = async () =>
        (await t.client.db('admin').admin().listDatabases({ nameOnly: true })).databases;
      expect((await listed()).map((d) => d.name)).toContain(other.databaseName);
      await expect(other.dropDatabase()).resolves.toBe(true);
      expect(await other.listCollections().toArray()).toEqual([]);
      expect((await listed()).map((d) => d.name)).not.toContain(other.databaseName);
      expect(await other.collection<AnyDoc>('a').findOne({})).toBeNull();
    });
  });

  describe('indexes', () => {
    let c: Collection<AnyDoc>;

    beforeEach(async () => {
      c = t.db.collection<AnyDoc>(`idx_${Math.random().toString(36).slice(2, 8)}`);
      await c.insertOne({ a: 1, b: 2 });
    });

    it('createIndex names an index after its key pattern', async () => {
      await expect(c.createIndex({ a: 1, b: -1 })).resolves.toBe('a_1_b_-1');
      await expect(c.createIndex({ 'x.y': 1 })).resolves.toBe('x.y_1');
      await expect(c.createIndex({ c: -1 }, { name: 'custom' })).resolves.toBe('custom');
    });

    it('listIndexes shows _id_ first and each index exactly', async () => {
      await c.createIndex({ a: 1, b: -1 });
      await c.createIndex({ u: 1 }, { unique: true });
      await c.createIndex({ s: 1 }, { sparse: true, name: 's_sparse' });
      await c.createIndex({ p: 1 }, { partialFilterExpression: { p: { $exists: true } } });
      const indexes = await c.listIndexes().toArray();
      expect(indexes).toEqual([
        { v: 2, key: { _id: 1 }, name: '_id_' },
        { v: 2, key: { a: 1, b: -1 }, name: 'a_1_b_-1' },
        { v: 2, key: { u: 1 }, name: 'u_1', unique: true },
        { v: 2, key: { s: 1 }, name: 's_sparse', sparse: true },
        { v: 2, key: { p: 1 }, name: 'p_1', partialFilterExpression: { p: { $exists: true } } },
      ]);
    });

    it('createIndexes creates several at once and reports their names', async () => {
      const names = await c.createIndexes([{ key: { x: 1 } }, { key: { y: -1, z: 1 }, name: 'yz' }]);
      expect(names).toEqual(['x_1', 'yz']);
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'x_1', 'yz']);
    });

    it('creating an identical index again is a no-op', async () => {
      await c.createIndex({ a: 1 });
      await expect(c.createIndex({ a: 1 })).resolves.toBe('a_1');
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'a_1']);
    });

    it('createIndexes reports the index counts', async () => {
      const reply = await t.db.command({
        createIndexes: c.collectionName,
        indexes: [{ key: { q: 1 }, name: 'q_1' }],
      });
      expect(reply).toMatchObject({ ok: 1, numIndexesBefore: 1, numIndexesAfter: 2 });
    });

    it('dropIndex removes one index by name, dropIndexes all but _id_', async () => {
      await c.createIndex({ a: 1, b: -1 });
      await c.createIndex({ b: 1 });
      await c.createIndex({ c: 1 });
      await c.dropIndex('a_1_b_-1');
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'b_1', 'c_1']);
      await c.dropIndexes();
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
      expect(await c.countDocuments()).toBe(1);
    });

    it('dropping an index that does not exist fails with IndexNotFound', async () => {
      await expectServerError(c.dropIndex('nope_1'), { code: 27, codeName: 'IndexNotFound' });
    });

    it('the _id_ index cannot be dropped', async () => {
      await expectServerError(c.dropIndex('_id_'), { code: 72, codeName: 'InvalidOptions' });
    });

    it('indexExists and indexInformation agree with listIndexes', async () => {
      await c.createIndex({ a: 1, b: -1 });
      await expect(c.indexExists('a_1_b_-1')).resolves.toBe(true);
      await expect(c.indexExists('zz_1')).resolves.toBe(false);
      await expect(c.indexInformation()).resolves.toEqual({
        _id_: [['_id', 1]],
        'a_1_b_-1': [
          ['a', 1],
          ['b', -1],
        ],
      });
    });
  });

  it("$currentOp lists the operations in progress, the caller's own among them", async () => {
    const marker = `current-op-${Date.now()}`;
    const operations = await t.client
      .db('admin')
      .aggregate([{ $currentOp: {} }, { $match: { 'command.comment': marker } }], { comment: marker })
      .toArray();
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ type: 'op', active: true, op: 'command' });
    expect(operations[0].command).toMatchObject({ aggregate: 1, comment: marker });
  });
});
