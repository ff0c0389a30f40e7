import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, MongoClient } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';
import { AnyDoc, CliEngine, exitOf, expectServerError, killHard, rejectionOf, startCli } from './support';

/**
 * Durability of the embedded engine. These tests start engines of their own on fresh directories, so they
 * always exercise the embedded engine, whatever MONGODB_URI points at.
 */
describe('embedded engine persistence', () => {
  const dirs: string[] = [];
  const engines: EmbeddedEngine[] = [];
  const children: CliEngine[] = [];
  const clients: MongoClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
    await Promise.all(children.splice(0).map((cli) => killHard(cli.child)));
    await Promise.all(engines.splice(0).map((engine) => engine.close().catch(() => undefined)));
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function freshDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'engine-persistence-'));
    dirs.push(dir);
    return dir;
  }

  async function start(dbPath: string): Promise<EmbeddedEngine> {
    const engine = await startEmbeddedEngine({ dbPath, port: 0 });
    engines.push(engine);
    return engine;
  }

  async function stop(engine: EmbeddedEngine): Promise<void> {
    engines.splice(engines.indexOf(engine), 1);
    await engine.close();
  }

  async function connect(uri: string, serverSelectionTimeoutMS = 5000): Promise<MongoClient> {
    const client = await new MongoClient(uri, { serverSelectionTimeoutMS }).connect();
    clients.push(client);
    return client;
  }

  async function disconnect(client: MongoClient): Promise<void> {
    clients.splice(clients.indexOf(client), 1);
    await client.close();
  }

  async function spawnCli(dbPath: string): Promise<CliEngine> {
    const cli = await startCli(dbPath);
    children.push(cli);
    return cli;
  }

  it('keeps documents, collections and indexes across close() and a restart', async () => {
    const dbPath = freshDir();
    let engine = await start(dbPath);
    let client = await connect(engine.uri);
    let db = client.db('app');
    await db.createCollection('empty');
    await db.collection<AnyDoc>('gone').insertOne({ x: 1 });
    await db.collection<AnyDoc>('gone').drop();
    const users = db.collection<AnyDoc>('users');
    await users.insertMany([
      { _id: 1, email: 'a@x', name: '张三' },
      { _id: 2, email: 'b@x', name: 'Bob' },
      { _id: 3, email: 'c@x', name: 'Cy' },
    ]);
    await users.createIndex({ email: 1 }, { unique: true });
    await users.createIndex({ name: 1, email: -1 });
    await users.createIndex({ temp: 1 });
    await users.dropIndex('temp_1');
    await users.updateOne({ _id: 2 }, { $set: { name: 'Robert' } });
    await users.deleteOne({ _id: 3 });
    await client.db('second').collection<AnyDoc>('things').insertOne({ _id: 'only' });
    const indexesBefore = await users.listIndexes().toArray();

    await disconnect(client);
    await stop(engine);
    engine = await start(dbPath);
    client = await connect(engine.uri);
    db = client.db('app');

    expect(await db.collection<AnyDoc>('users').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, email: 'a@x', name: '张三' },
      { _id: 2, email: 'b@x', name: 'Robert' },
    ]);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['empty', 'users']);
    expect(await db.collection<AnyDoc>('users').listIndexes().toArray()).toEqual(indexesBefore);
    expect(indexesBefore.map((i) => i.name)).toEqual(['_id_', 'email_1', 'name_1_email_-1']);
    await expectServerError(db.collection<AnyDoc>('users').insertOne({ _id: 4, email: 'a@x' }), {
      code: 11000,
    });
    expect(await client.db('second').collection<AnyDoc>('things').find().toArray()).toEqual([
      { _id: 'only' },
    ]);
    const databases = (await client.db('admin').admin().listDatabases({ nameOnly: true })).databases.map(
      (d) => d.name,
    );
    expect(databases).toEqual(expect.arrayContaining(['app', 'second']));
  });

  it('keeps exactly the acknowledged writes when the process is killed with SIGKILL', async () => {
    const dbPath = freshDir();
    const cli = await spawnCli(dbPath);
    // A short selection timeout: after the kill, closing this client must not wait long for the dead server.
    const client = await connect(cli.uri, 1500);
    const db = client.db('crash');
    const docs = db.collection<AnyDoc>('docs');
    const expected = new Map<unknown, Document>();

    // While the process runs, its directory is locked against this one.
    const refused = await rejectionOf(startEmbeddedEngine({ dbPath, port: 0 }));
    expect((refused as Error).message).toMatch(/lock|in use|already|another|running/i);

    await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i + 1, v: i + 1 })));
    for (let i = 1; i <= 50; i += 1) expected.set(i, { _id: i, v: i });
    await docs.createIndex({ email: 1 }, { unique: true, sparse: true });
    await docs.updateOne({ _id: 1 }, { $set: { v: 100, email: 'one@x' } });
    expected.set(1, { _id: 1, v: 100, email: 'one@x' });
    await docs.deleteOne({ _id: 2 });
    expected.delete(2);
    await docs.replaceOne({ _id: 3 }, { replaced: true });
    expected.set(3, { _id: 3, replaced: true });
    await docs.updateMany({ _id: { $gt: 45 } }, { $inc: { v: 1000 } });
    for (let i = 46; i <= 50; i += 1) expected.set(i, { _id: i, v: i + 1000 });
    await docs.deleteMany({ _id: { $gte: 10, $lt: 20 } });
    for (let i = 10; i < 20; i += 1) expected.delete(i);
    await db.collection<AnyDoc>('scratch').insertOne({ temporary: true });
    await db.collection<AnyDoc>('scratch').drop();

    // Many small acknowledged writes, some of them concurrent.
    const bulk = db.collection<AnyDoc>('bulk');
    for (let batch = 0; batch < 20; batch += 1) {
      await bulk.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: batch * 100 + i, v: 0 })));
    }
    for (let from = 0; from < 200; from += 40) {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => bulk.updateOne({ _id: from + i }, { $inc: { v: 1 } })),
      );
    }

    await docs.insertOne({ _id: 'last', v: -1 });
    expected.set('last', { _id: 'last', v: -1 });

    // No clean shutdown: the process dies right after the last acknowledgement.
    cli.child.kill('SIGKILL');
    const exit = await exitOf(cli.child);
    expect(exit.signal).toBe('SIGKILL');
    await disconnect(client).catch(() => undefined);

    // The stale lock of the dead process does not prevent a restart.
    const engine = await start(dbPath);
    const after = await connect(engine.uri);
    const recovered = after.db('crash');
    expect(await recovered.collection<AnyDoc>('docs').find().sort({ _id: 1 }).toArray()).toEqual([
      ...expected.values(),
    ]);
    expect(
      (await recovered.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort(),
    ).toEqual(['bulk', 'docs']);
    const index = (await recovered.collection<AnyDoc>('docs').listIndexes().toArray()).find(
      (i) => i.name === 'email_1',
    );
    expect(index).toMatchObject({ key: { email: 1 }, unique: true, sparse: true });
    await expectServerError(recovered.collection<AnyDoc>('docs').insertOne({ email: 'one@x' }), {
      code: 11000,
    });

    const recoveredBulk = recovered.collection<AnyDoc>('bulk');
    expect(await recoveredBulk.countDocuments()).toBe(2000);
    expect(await recoveredBulk.countDocuments({ v: 1 })).toBe(200);
    expect(await recoveredBulk.findOne({ _id: 199 })).toEqual({ _id: 199, v: 1 });
    expect(await recoveredBulk.findOne({ _id: 1999 })).toEqual({ _id: 1999, v: 0 });
  }, 60000);

  it('keeps many writes across restarts (journal compaction)', async () => {
    const dbPath = freshDir();
    let engine = await start(dbPath);
    let client = await connect(engine.uri);
    let docs = client.db('bulk').collection<AnyDoc>('docs');
    for (let batch = 0; batch < 20; batch += 1) {
      await docs.insertMany(
        Array.from({ length: 100 }, (_, i) => ({
          _id: batch * 100 + i,
          n: batch * 100 + i,
          text: `文档 ${batch}-${i}`,
        })),
      );
    }
    for (let from = 0; from < 200; from += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => docs.updateOne({ _id: from + i }, { $set: { touched: true } })),
      );
    }
    await docs.deleteMany({ _id: { $gte: 1900 } });
    await docs.createIndex({ n: -1 });

    await disconnect(client);
    await stop(engine);
    engine = await start(dbPath);
    client = await connect(engine.uri);
    docs = client.db('bulk').collection<AnyDoc>('docs');

    expect(await docs.countDocuments()).toBe(1900);
    expect(await docs.countDocuments({ touched: true })).toBe(200);
    expect(await docs.findOne({ _id: 1234 })).toEqual({ _id: 1234, n: 1234, text: '文档 12-34' });
    expect(await docs.findOne({ _id: 42 })).toEqual({ _id: 42, n: 42, text: '文档 0-42', touched: true });
    expect(await docs.findOne({ _id: 1950 })).toBeNull();
    const all = await docs
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    expect(all.map((d) => d._id)).toEqual(Array.from({ length: 1900 }, (_, i) => i));

    // Writes after a restart land on top of the recovered state and survive the next restart too.
    await docs.insertOne({ _id: 5000, n: 5000, text: 'after restart' });
    await docs.updateMany({ _id: { $lt: 10 } }, { $inc: { n: 1 } });
    await disconnect(client);
    await stop(engine);
    engine = await start(dbPath);
    client = await connect(engine.uri);
    docs = client.db('bulk').collection<AnyDoc>('docs');
    expect(await docs.countDocuments()).toBe(1901);
    expect(await docs.findOne({ _id: 5000 })).toEqual({ _id: 5000, n: 5000, text: 'after restart' });
    expect(await docs.findOne({ _id: 3 })).toEqual({ _id: 3, n: 4, text: '文档 0-3', touched: true });
    expect((await docs.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'n_-1']);
  }, 60000);

  it('refuses a second engine, in this process or another, on a dbPath in use', async () => {
    const dbPath = freshDir();
    const first = await start(dbPath);
    const client = await connect(first.uri);
    await client.db('lock').collection<AnyDoc>('c').insertOne({ _id: 1 });

    const error = await rejectionOf(startEmbeddedEngine({ dbPath, port: 0 }));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/lock|in use|already|another|running/i);

    // The CLI, a separate process, refuses the directory as well: non-zero exit, reason on stderr.
    const competitor = await rejectionOf(
      startCli(dbPath, 0, 30000).then((started) => {
        children.push(started);
        return started;
      }),
    );
    expect((competitor as Error).message).toMatch(/exited \(code [1-9]\d*/);
    expect((competitor as Error).message).toMatch(/lock|in use|already|another|running/i);

    // The first engine is unaffected and its data intact.
    await client.db('lock').collection<AnyDoc>('c').insertOne({ _id: 2 });
    await disconnect(client);
    await stop(first);

    // Once it has stopped, the directory can be opened again.
    const second = await start(dbPath);
    const again = await connect(second.uri);
    expect(await again.db('lock').collection<AnyDoc>('c').countDocuments()).toBe(2);
  }, 60000);
});
