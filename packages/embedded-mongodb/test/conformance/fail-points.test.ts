import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeStream,
  ChangeStreamInsertDocument,
  CommandStartedEvent,
  Document,
  MongoClient,
  MongoNetworkError,
  MongoServerError,
  MongoWriteConcernError,
} from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';
import { expectServerError, rejectionOf, withTimeout } from './support';

/**
 * MongoDB's test command configureFailPoint (failCommand, failGetMoreAfterCursorCheckout) and the error
 * labels the server attaches, checked through the driver's own retry logic. Against a real MongoDB
 * (TEST_DB_KIND=mongodb) that server must run with enableTestCommands, as the servers drivers test against
 * do; otherwise the file starts an engine of its own with the option on.
 */
const againstRealMongo = process.env.TEST_DB_KIND === 'mongodb';

describe('fail points and error labels', () => {
  let engine: EmbeddedEngine | undefined;
  let dbPath: string | undefined;
  let client: MongoClient;
  const started: CommandStartedEvent[] = [];
  const dbName = `failpoints_${process.pid}`;

  beforeAll(async () => {
    let uri = againstRealMongo ? process.env.MONGODB_URI : undefined;
    if (!uri) {
      dbPath = mkdtempSync(join(tmpdir(), 'embedded-mongodb-failpoints-'));
      engine = await startEmbeddedEngine({ dbPath, enableTestCommands: true });
      uri = engine.uri;
    }
    client = await new MongoClient(uri, { monitorCommands: true, heartbeatFrequencyMS: 500 }).connect();
    client.on('commandStarted', (event) => started.push(event));
  });

  afterEach(async () => {
    await client.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
    await client.db('admin').command({ configureFailPoint: 'failGetMoreAfterCursorCheckout', mode: 'off' });
    await client.db(dbName).dropDatabase();
    started.length = 0;
  });

  afterAll(async () => {
    await client.close();
    await engine?.close();
    if (dbPath) rmSync(dbPath, { recursive: true, force: true });
  });

  const failCommand = (mode: Document, data: Document) =>
    client.db('admin').command({ configureFailPoint: 'failCommand', mode, data });
  const sent = (name: string) => started.filter((event) => event.commandName === name).length;

  it('says test commands are enabled where fail points are accepted', async () => {
    const parameter = await client.db('admin').command({ getParameter: 1, enableTestCommands: 1 });
    expect(Boolean(parameter.enableTestCommands)).toBe(true);
  });

  it('is an unknown command unless test commands are enabled', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'embedded-mongodb-no-test-commands-'));
    const plain = await startEmbeddedEngine({ dbPath: directory });
    const plainClient = await new MongoClient(plain.uri).connect();
    try {
      await expectServerError(
        plainClient.db('admin').command({ configureFailPoint: 'failCommand', mode: 'alwaysOn' }),
        { code: 59, codeName: 'CommandNotFound' },
      );
      const listed = await plainClient.db('admin').command({ listCommands: 1 });
      expect(Object.keys(listed.commands as Document)).not.toContain('configureFailPoint');
      const parameter = await plainClient.db('admin').command({ getParameter: 1, enableTestCommands: 1 });
      expect(parameter.enableTestCommands).toBe(false);
    } finally {
      await plainClient.close();
      await plain.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('is accepted by an engine on a thread of its own when enabled there', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'embedded-mongodb-thread-test-commands-'));
    const threaded = await startEmbeddedEngine({ dbPath: directory, thread: true, enableTestCommands: true });
    const threadClient = await new MongoClient(threaded.uri).connect();
    try {
      const admin = threadClient.db('admin');
      await admin.command({
        configureFailPoint: 'failCommand',
        mode: { times: 1 },
        data: { failCommands: ['ping'], errorCode: 2 },
      });
      await expectServerError(admin.command({ ping: 1 }), { code: 2 });
      await admin.command({ ping: 1 });
    } finally {
      await threadClient.close();
      await threaded.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('a retryable write failing once with NotWritablePrimary is retried by the driver and applied once', async () => {
    await failCommand({ times: 1 }, { failCommands: ['insert'], errorCode: 10107 });
    const things = client.db(dbName).collection('things');
    await things.insertOne({ _id: 1 } as Document);
    expect(sent('insert')).toBe(2);
    expect(await things.find().toArray()).toEqual([{ _id: 1 }]);
  });

  it('a retryable error is labelled RetryableWriteError; a second failure reaches the application', async () => {
    await failCommand({ times: 2 }, { failCommands: ['insert'], errorCode: 10107 });
    const things = client.db(dbName).collection('things');
    const error = await expectServerError(things.insertOne({ _id: 1 } as Document), {
      code: 10107,
      codeName: 'NotWritablePrimary',
    });
    expect(error.hasErrorLabel('RetryableWriteError')).toBe(true);
    expect(await things.countDocuments()).toBe(0);
  });

  it('a non-retryable code gets no RetryableWriteError label and is not retried', async () => {
    await failCommand({ times: 1 }, { failCommands: ['insert'], errorCode: 2 });
    const error = await expectServerError(client.db(dbName).collection('things').insertOne({ x: 1 }), {
      code: 2,
      codeName: 'BadValue',
    });
    expect(error.hasErrorLabel('RetryableWriteError')).toBe(false);
    expect(sent('insert')).toBe(1);
  });

  it('labels a transaction statement TransientTransactionError and leaves the transaction open', async () => {
    const things = client.db(dbName).collection('things');
    await things.insertOne({ _id: 0 } as Document);
    const session = client.startSession();
    try {
      session.startTransaction();
      // The transaction starts with this statement: a failed first statement would not have started it.
      await things.insertOne({ _id: 3 } as Document, { session });
      await failCommand({ times: 1 }, { failCommands: ['insert'], errorCode: 10107 });
      const error = await expectServerError(things.insertOne({ _id: 1 } as Document, { session }), {
        code: 10107,
      });
      expect(error.hasErrorLabel('TransientTransactionError')).toBe(true);
      expect(error.hasErrorLabel('RetryableWriteError')).toBe(false);
      await things.insertOne({ _id: 2 } as Document, { session });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await things.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 0 }, { _id: 2 }, { _id: 3 }]);
  });

  it('a commit that fails with a retryable error is retried by the driver and commits once', async () => {
    const things = client.db(dbName).collection('things');
    await things.insertOne({ _id: 0 } as Document);
    await failCommand({ times: 1 }, { failCommands: ['commitTransaction'], errorCode: 91 });
    const session = client.startSession();
    try {
      session.startTransaction();
      await things.insertOne({ _id: 1 } as Document, { session });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(sent('commitTransaction')).toBe(2);
    expect(await things.countDocuments()).toBe(2);
  });

  it('closeConnection drops the connection without a reply; a retryable read is retried', async () => {
    const things = client.db(dbName).collection('things');
    await things.insertOne({ _id: 1 } as Document);
    await failCommand({ times: 1 }, { failCommands: ['find'], closeConnection: true });
    expect(await things.find().toArray()).toEqual([{ _id: 1 }]);
    expect(sent('find')).toBe(2);

    await failCommand({ times: 2 }, { failCommands: ['find'], closeConnection: true });
    expect(await rejectionOf(things.find().toArray())).toBeInstanceOf(MongoNetworkError);
  });

  it('blockConnection stalls the command for blockTimeMS', async () => {
    await failCommand({ times: 1 }, { failCommands: ['ping'], blockConnection: true, blockTimeMS: 300 });
    const begun = Date.now();
    await client.db('admin').command({ ping: 1 });
    expect(Date.now() - begun).toBeGreaterThanOrEqual(280);
  });

  it('a write concern error is reported after the write was applied', async () => {
    await failCommand(
      { times: 1 },
      {
        failCommands: ['insert'],
        writeConcernError: { code: 64, errmsg: 'waiting for replication timed out' },
      },
    );
    const things = client.db(dbName).collection('things');
    const error = await rejectionOf(things.insertOne({ _id: 1 } as Document));
    expect(error).toBeInstanceOf(MongoWriteConcernError);
    expect((error as MongoWriteConcernError).code).toBe(64);
    expect(await things.countDocuments()).toBe(1);
  });

  it('a change stream resumes after a getMore fails with a resumable error', async () => {
    const things = client.db(dbName).collection('things');
    await client.db(dbName).createCollection('things');
    const stream: ChangeStream = things.watch([], { maxAwaitTimeMS: 100 });
    try {
      await stream.tryNext();
      await client.db('admin').command({
        configureFailPoint: 'failGetMoreAfterCursorCheckout',
        mode: { times: 1 },
        data: { errorCode: 6 },
      });
      await things.insertOne({ _id: 7 } as Document);
      const change = (await withTimeout(stream.next(), 10_000, 'the change')) as ChangeStreamInsertDocument;
      expect(change.operationType).toBe('insert');
      expect(change.documentKey._id).toBe(7);
      expect(sent('aggregate')).toBe(2);
    } finally {
      await stream.close();
    }
  });

  it('a change stream getMore failing with a non-resumable error is not resumed', async () => {
    const things = client.db(dbName).collection('things');
    await client.db(dbName).createCollection('things');
    const stream: ChangeStream = things.watch([], { maxAwaitTimeMS: 100 });
    try {
      await stream.tryNext();
      await client.db('admin').command({
        configureFailPoint: 'failGetMoreAfterCursorCheckout',
        mode: { times: 1 },
        data: { errorCode: 2 },
      });
      await things.insertOne({ _id: 7 } as Document);
      const error = await rejectionOf(withTimeout(stream.next(), 10_000, 'the error'));
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(2);
      expect((error as MongoServerError).hasErrorLabel('ResumableChangeStreamError')).toBe(false);
    } finally {
      await stream.close();
    }
  });
});
