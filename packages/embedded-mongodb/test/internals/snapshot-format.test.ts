import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Binary,
  BSONRegExp,
  Decimal128,
  Document,
  Double,
  Long,
  MaxKey,
  MinKey,
  MongoClient,
  ObjectId,
  Timestamp,
  UUID,
} from 'mongodb';
import { startEmbeddedEngine } from '../../src';
import { encodeRecord, readRecords } from '../../src/storage/records';
import { writeSnapshotFile, installSnapshot } from '../../src/storage/snapshot';
import { encodeDocument } from '../../src/bson';

/**
 * Snapshots keep documents as BSON that is decoded when read, and each index's order so a load need not
 * sort; snapshots of the first format (documents only) still load, and are replaced at the next one.
 */
describe('snapshot format', () => {
  const dirs: string[] = [];

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function freshDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'engine-snapshot-'));
    dirs.push(dir);
    return dir;
  }

  async function withEngine<T>(dir: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
    const engine = await startEmbeddedEngine({ dbPath: dir });
    const client = await new MongoClient(engine.uri).connect();
    try {
      return await work(client);
    } finally {
      await client.close();
      await engine.close();
    }
  }

  function snapshotRecords(dir: string): Document[][] {
    const read = readRecords(readFileSync(join(dir, 'snapshot.bson')));
    expect(read.problem).toBeUndefined();
    return read.records;
  }

  /** A value of every BSON type the engine stores, keyed by a label. */
  const values: [string, unknown][] = [
    ['int32', 7],
    ['whole double', new Double(7)],
    ['fraction', 2.5],
    ['long', Long.fromString('9007199254740993')],
    ['decimal', Decimal128.fromString('1.10')],
    ['string', 'Grüße, 世界'],
    ['empty string', ''],
    ['bool', true],
    ['null', null],
    ['date', new Date('2026-01-02T03:04:05.678Z')],
    ['object id', new ObjectId('65a1b2c3d4e5f60718293a4b')],
    ['binary', new Binary(Buffer.from([1, 2, 3]), 5)],
    ['timestamp', new Timestamp({ t: 100, i: 3 })],
    ['regex', new BSONRegExp('^a.c$', 'i')],
    ['document', { a: 1, b: { c: 'd' } }],
    ['min key', new MinKey()],
    ['max key', new MaxKey()],
  ];

  test('documents of every type, under any kind of _id, read back the same after a restart, through indexes too', async () => {
    const dir = freshDir();
    const docs: Document[] = values.map(([label, value], i) => ({
      _id: i % 3 === 0 ? `id-${i}` : i % 3 === 1 ? new ObjectId() : { n: i },
      label,
      v: value,
      n: i,
      tags: [`t${i % 4}`, 'all'],
      opt: i % 2 === 0 ? i : undefined,
    }));
    const answer = async (client: MongoClient) => {
      const coll = client.db('d').collection('c');
      const all = await coll.find().sort({ n: 1 }).toArray();
      const byValue = [];
      for (const [, value] of values) {
        const found = await coll.find({ v: value }).hint('v_1').project({ label: 1, _id: 0 }).toArray();
        byValue.push(found.map((doc) => doc.label as string));
      }
      const multikey = await coll.find({ tags: 't1' }).hint('tags_1').sort({ n: 1 }).toArray();
      const partial = await coll
        .find({ opt: { $gte: 4 } })
        .hint('opt_partial')
        .sort({ n: 1 })
        .toArray();
      const byId = await Promise.all(docs.map((doc) => coll.findOne({ _id: doc._id as never })));
      const plan = await coll.find({ v: 7 }).hint('v_1').explain('executionStats');
      // Collection scans (documents loaded from a snapshot are tested on the fields a filter reads first).
      const scans = [];
      const filters: Document[] = [
        { v: { $type: 'string' } },
        { $or: [{ n: { $lt: 3 } }, { label: { $regex: '^d' } }] },
        { 'v.b.c': 'd' },
        { $expr: { $gt: ['$n', 10] } },
        { tags: 'all', n: { $gte: 5 }, opt: { $exists: false } },
        { $nor: [{ label: { $in: ['int32', 'bool'] } }], _id: { $type: 'string' } },
      ];
      for (const filter of filters) {
        const found = await coll.find(filter).hint({ $natural: 1 }).toArray();
        scans.push(found.map((doc) => doc.label as string));
      }
      const scanPlan = await coll.find({ label: 'bool' }).hint({ $natural: 1 }).explain('executionStats');
      return {
        all,
        byValue,
        multikey,
        partial,
        byId,
        scans,
        scanExamined: scanPlan.executionStats.totalDocsExamined as number,
        stage: JSON.stringify(plan.queryPlanner.winningPlan),
      };
    };
    const before = await withEngine(dir, async (client) => {
      const coll = client.db('d').collection('c');
      await coll.createIndexes([
        { key: { v: 1 }, name: 'v_1' },
        { key: { tags: 1 }, name: 'tags_1' },
        { key: { opt: 1 }, name: 'opt_partial', partialFilterExpression: { opt: { $exists: true } } },
        { key: { label: 1, n: -1 }, name: 'label_n', unique: true },
      ]);
      await coll.insertMany(docs, { ignoreUndefined: true });
      return answer(client);
    });
    expect(before.all).toHaveLength(values.length);
    expect(before.stage).toContain('IXSCAN');
    expect(before.scans.every((labels) => labels.length > 0)).toBe(true);
    expect(before.scanExamined).toBe(values.length);
    const after = await withEngine(dir, answer);
    expect(after).toEqual(before);
    // Types survive exactly (a whole double stays a double, a long a long).
    const expectedTypes = [
      'int',
      'double',
      'double',
      'long',
      'decimal',
      'string',
      'string',
      'bool',
      'null',
      'date',
      'objectId',
      'binData',
      'timestamp',
      'regex',
      'object',
      'minKey',
      'maxKey',
    ];
    const typed = await withEngine(dir, async (client) => {
      const coll = client.db('d').collection('c');
      const labels: string[] = [];
      for (const type of expectedTypes) {
        const found = await coll.find({ v: { $type: type } }, { sort: { n: 1 } }).toArray();
        labels.push(found.map((doc) => doc.label as string).join(','));
      }
      return labels;
    });
    // The same query before any restart (documents as written) gives the same answer.
    const fresh = freshDir();
    const typedAsWritten = await withEngine(fresh, async (client) => {
      const coll = client.db('d').collection('c');
      await coll.insertMany(docs, { ignoreUndefined: true });
      const labels: string[] = [];
      for (const type of expectedTypes) {
        const found = await coll.find({ v: { $type: type } }, { sort: { n: 1 } }).toArray();
        labels.push(found.map((doc) => doc.label as string).join(','));
      }
      return labels;
    });
    expect(typed).toEqual(typedAsWritten);
    expect(typed.filter((labels) => labels.length > 0)).toHaveLength(expectedTypes.length);
    // The unique index still refuses a duplicate after the restart.
    await withEngine(dir, async (client) => {
      await expect(client.db('d').collection('c').insertOne({ label: 'int32', n: 0 })).rejects.toMatchObject({
        code: 11000,
      });
    });
  });

  test('a snapshot of the first format, with journal records after it, loads and is rewritten in the current one', async () => {
    const dir = freshDir();
    const groupIds = [new ObjectId(), new ObjectId(), new ObjectId()];
    const stored = Array.from({ length: 30 }, (_, i) => ({
      _id: new ObjectId(),
      group: groupIds[i % 3],
      position: Math.floor(i / 3),
      text: `entry ${i}`,
      count: i,
    }));
    const uuid = new UUID();
    writeFileSync(
      join(dir, 'snapshot.bson'),
      Buffer.concat([
        encodeRecord([
          { kind: 'header', version: 1, lsn: Long.fromNumber(2), clusterTime: new Timestamp({ t: 1, i: 2 }) },
        ]),
        encodeRecord([
          {
            kind: 'collection',
            db: 'd',
            name: 'entries',
            uuid,
            options: {},
            indexes: [
              { v: 2, key: { group: 1, position: 1 }, name: 'group_position', unique: true },
              { v: 2, key: { count: -1 }, name: 'count_-1' },
            ],
          },
        ]),
        encodeRecord([{ kind: 'docs' }, ...stored.slice(0, 20)]),
        encodeRecord([{ kind: 'docs' }, ...stored.slice(20)]),
        encodeRecord([{ kind: 'end', collections: 1, documents: stored.length }]),
      ]),
    );
    // A write journaled after that snapshot (lsn 3), and one the snapshot already holds (lsn 2).
    const late = { _id: new ObjectId(), group: groupIds[0], position: 99, text: 'late', count: 100 };
    const journalRecord = (lsn: number, doc: Document) =>
      encodeRecord([
        { lsn: Long.fromNumber(lsn), ts: new Timestamp({ t: 1, i: lsn }), wall: new Date() },
        { op: 'insert', db: 'd', coll: 'entries', doc },
      ]);
    writeFileSync(
      join(dir, 'journal.1.bin'),
      Buffer.concat([journalRecord(2, stored[0]), journalRecord(3, late)]),
    );

    const read = async (client: MongoClient) => {
      const coll = client.db('d').collection('entries');
      return {
        group: await coll
          .find({ group: groupIds[0] })
          .sort({ position: 1 })
          .project({ text: 1, _id: 0 })
          .toArray(),
        top: await coll.find().sort({ count: -1 }).limit(3).project({ count: 1, _id: 0 }).toArray(),
        count: await coll.countDocuments(),
        plan: JSON.stringify((await coll.find({ group: groupIds[1] }).explain()).queryPlanner.winningPlan),
      };
    };
    const expected = {
      group: [
        ...stored.filter((doc) => doc.group === groupIds[0]).map((doc) => ({ text: doc.text })),
        { text: 'late' },
      ],
      top: [{ count: 100 }, { count: 29 }, { count: 28 }],
      count: 31,
    };
    const first = await withEngine(dir, read);
    expect(first).toMatchObject(expected);
    expect(first.plan).toContain('group_position');

    // The close wrote a snapshot of the current format: with each index's order.
    const records = snapshotRecords(dir);
    expect(records[0][0]).toMatchObject({ kind: 'header', version: 2 });
    const orders = records
      .filter((record) => record[0].kind === 'indexOrder')
      .map((record) => record[0].index as string);
    expect(orders.sort()).toEqual(['count_-1', 'group_position']);

    const second = await withEngine(dir, async (client) => {
      const result = await read(client);
      await expect(
        client.db('d').collection('entries').insertOne({ group: groupIds[0], position: 99 }),
      ).rejects.toMatchObject({ code: 11000 });
      return result;
    });
    expect(second).toEqual(first);
  });

  test('a snapshot whose unique index does not hold stops the start when journaled writes follow it', async () => {
    const dir = freshDir();
    const twice = [
      { _id: new ObjectId(), slug: 'same' },
      { _id: new ObjectId(), slug: 'same' },
    ];
    writeFileSync(
      join(dir, 'snapshot.bson'),
      Buffer.concat([
        encodeRecord([
          { kind: 'header', version: 1, lsn: Long.fromNumber(1), clusterTime: new Timestamp({ t: 1, i: 1 }) },
        ]),
        encodeRecord([
          {
            kind: 'collection',
            db: 'd',
            name: 'entries',
            uuid: new UUID(),
            options: {},
            indexes: [{ v: 2, key: { slug: 1 }, name: 'slug_unique', unique: true }],
          },
        ]),
        encodeRecord([{ kind: 'docs' }, ...twice]),
        encodeRecord([{ kind: 'end', collections: 1, documents: twice.length }]),
      ]),
    );
    writeFileSync(
      join(dir, 'journal.1.bin'),
      encodeRecord([
        { lsn: Long.fromNumber(2), ts: new Timestamp({ t: 1, i: 2 }), wall: new Date() },
        { op: 'insert', db: 'd', coll: 'entries', doc: { _id: new ObjectId(), slug: 'other' } },
      ]),
    );
    // Replaying would otherwise skip every journaled write to the collection, one warning each, and the next
    // snapshot would make that loss permanent.
    await expect(startEmbeddedEngine({ dbPath: dir })).rejects.toThrow(/duplicate key|E11000/i);
  });

  test('an index order that does not match the documents is not trusted: the entries are sorted instead', async () => {
    const dir = freshDir();
    const docs = Array.from({ length: 50 }, (_, i) => ({ _id: new ObjectId(), n: (i * 37) % 50, k: i % 5 }));
    const reversed = () => Uint32Array.from(docs.keys()).reverse();
    await writeSnapshotFile(dir, {
      lsn: 1,
      collections: [
        {
          db: 'd',
          name: 'c',
          uuid: new UUID(),
          options: {},
          indexes: [
            { v: 2, key: { n: 1 }, name: 'n_1' },
            { v: 2, key: { k: 1 }, name: 'k_1' },
          ],
          docs: {
            count: docs.length,
            [Symbol.iterator]: () => docs.map((doc) => encodeDocument(doc)).values(),
          },
          indexOrders: [
            { name: 'n_1', positions: reversed },
            { name: 'k_1', positions: () => Uint32Array.from([0, 1, 2]) },
          ],
        },
      ],
    });
    await installSnapshot(dir);
    const result = await withEngine(dir, async (client) => {
      const coll = client.db('d').collection('c');
      return {
        byN: (await coll.find().sort({ n: 1 }).hint('n_1').toArray()).map((doc) => doc.n as number),
        byK: (await coll.find({ k: 2 }).hint('k_1').toArray()).map((doc) => doc.n as number),
      };
    });
    expect(result.byN).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(result.byK).toEqual(docs.filter((doc) => doc.k === 2).map((doc) => doc.n));
  });
});
