import { Timestamp } from 'mongodb';
import { AnyDoc, openTestDatabase, TestDatabase } from './support';

describe('connecting and handshake commands', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase();
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('answers hello as the writable primary of a replica set', async () => {
    const hello = await t.client.db('admin').command({ hello: 1 });
    expect(hello.ok).toBe(1);
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.secondary).toBe(false);
    expect(typeof hello.setName).toBe('string');
    expect(hello.setName.length).toBeGreaterThan(0);
    expect(hello.hosts).toEqual(expect.arrayContaining([hello.primary]));
    expect(hello.me).toBe(hello.primary);
    expect(hello.minWireVersion).toBe(0);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.maxMessageSizeBytes).toBe(48000000);
    expect(hello.maxWriteBatchSize).toBe(100000);
    expect(typeof hello.logicalSessionTimeoutMinutes).toBe('number');
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(hello.readOnly).toBe(false);
  });

  it('answers the legacy isMaster spelling too', async () => {
    const reply = await t.client.db('admin').command({ isMaster: 1 });
    expect(reply.ok).toBe(1);
    expect(reply.ismaster).toBe(true);
    expect(typeof reply.setName).toBe('string');
  });

  it('answers ping', async () => {
    await expect(t.db.admin().command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    await expect(t.db.command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
  });

  it('reports a server version in buildInfo', async () => {
    const info = await t.db.admin().command({ buildInfo: 1 });
    expect(info.ok).toBe(1);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Array.isArray(info.versionArray)).toBe(true);
    expect(info.versionArray[0]).toBe(Number(String(info.version).split('.')[0]));
  });

  it('gossips a cluster time, as replica set members do', async () => {
    const reply = await t.db.command({ ping: 1 });
    expect(reply.$clusterTime?.clusterTime).toBeInstanceOf(Timestamp);
    expect(reply.operationTime).toBeInstanceOf(Timestamp);
  });

  it('lists a database once something has been written to it', async () => {
    const before = await t.client.db('admin').admin().listDatabases({ nameOnly: true });
    expect(before.databases.map((d) => d.name)).not.toContain(t.dbName);

    await t.db.collection<AnyDoc>('things').insertOne({ a: 1 });

    const after = await t.client.db('admin').admin().listDatabases();
    expect(after.ok).toBe(1);
    const entry = after.databases.find((d) => d.name === t.dbName);
    expect(entry).toBeDefined();
    expect(entry?.empty).toBe(false);
    expect(typeof entry?.sizeOnDisk).toBe('number');
  });

  it('runs commands sent by a second, independent client', async () => {
    const other = await openTestDatabase();
    try {
      await other.db.collection<{ _id: string }>('c').insertOne({ _id: 'x' });
      await expect(t.client.db(other.dbName).collection('c').countDocuments()).resolves.toBe(1);
    } finally {
      await other.cleanup();
    }
  });
});
