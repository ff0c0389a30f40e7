import {
  ChangeStream,
  ChangeStreamDocument,
  ChangeStreamOptions,
  CommandStartedEvent,
  CommandSucceededEvent,
  Document,
  MongoServerError,
  Timestamp,
} from 'mongodb';
import { AnyDoc, openTestDatabase, rejectionOf, TestDatabase, withTimeout } from './support';

type Event = ChangeStreamDocument<Document>;
type Stream = ChangeStream<Document, Event>;

interface Summary {
  op: string;
  ns?: { db: string; coll?: string };
  key?: unknown;
  full?: Document | null;
  updated?: Document;
  removed?: string[];
}

/** The parts of an event that the tests compare exactly. */
function summarize(event: Event): Summary {
  switch (event.operationType) {
    case 'insert':
      return { op: 'insert', ns: event.ns, key: event.documentKey._id, full: event.fullDocument };
    case 'update':
      return {
        op: 'update',
        ns: event.ns,
        key: event.documentKey._id,
        updated: event.updateDescription.updatedFields,
        removed: event.updateDescription.removedFields,
        ...(event.fullDocument === undefined ? {} : { full: event.fullDocument }),
      };
    case 'replace':
      return { op: 'replace', ns: event.ns, key: event.documentKey._id, full: event.fullDocument };
    case 'delete':
      return { op: 'delete', ns: event.ns, key: event.documentKey._id };
    default:
      return { op: event.operationType };
  }
}

/** Short server waits keep tryNext() quick; the tests bound every wait themselves. */
const AWAIT_MS = 200;

describe('change streams', () => {
  let t: TestDatabase;
  const streams: Stream[] = [];
  const started: CommandStartedEvent[] = [];
  const succeeded: CommandSucceededEvent[] = [];

  beforeAll(async () => {
    t = await openTestDatabase({ monitorCommands: true });
    t.client.on('commandStarted', (event) => started.push(event));
    t.client.on('commandSucceeded', (event) => succeeded.push(event));
  });

  afterEach(async () => {
    await Promise.all(streams.splice(0).map((stream) => stream.close().catch(() => undefined)));
    started.length = 0;
    succeeded.length = 0;
  });

  afterAll(async () => {
    await t.cleanup();
  });

  /**
   * Registers a stream for cleanup and makes sure the server has opened it (the driver only sends the
   * aggregate on first use), so that every write after this call is one the stream must report.
   */
  async function opened(stream: Stream): Promise<Stream> {
    streams.push(stream);
    expect(await stream.tryNext()).toBeNull();
    return stream;
  }

  function options(extra: ChangeStreamOptions = {}): ChangeStreamOptions {
    return { maxAwaitTimeMS: AWAIT_MS, ...extra };
  }

  /** Reads exactly `count` events, failing after `timeoutMs`. */
  async function take(stream: Stream, count: number, timeoutMs = 5000): Promise<Event[]> {
    const events: Event[] = [];
    const deadline = Date.now() + timeoutMs;
    while (events.length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `got ${events.length} of ${count} change events within ${timeoutMs} ms: ${JSON.stringify(events.map(summarize))}`,
        );
      }
      const event = await stream.tryNext();
      if (event) events.push(event);
    }
    return events;
  }

  /** Asserts nothing more arrives (one empty server wait). */
  async function expectNoMore(stream: Stream): Promise<void> {
    const extra = await stream.tryNext();
    expect(extra === null ? null : summarize(extra)).toBeNull();
  }

  function expectWellFormed(events: Event[]): void {
    let previous: Timestamp | undefined;
    for (const event of events) {
      expect(event._id).toEqual(expect.any(Object));
      expect(event.clusterTime).toBeInstanceOf(Timestamp);
      expect('wallTime' in event ? event.wallTime : undefined).toBeInstanceOf(Date);
      if (previous && event.clusterTime) expect(event.clusterTime.greaterThanOrEqual(previous)).toBe(true);
      previous = event.clusterTime;
    }
  }

  /** insert, update ($set + $unset), replace and delete of one document in `collName`. */
  async function crudScenario(collName: string): Promise<Summary[]> {
    const c = t.db.collection<AnyDoc>(collName);
    const ns = { db: t.dbName, coll: collName };
    await c.insertOne({ _id: 1, a: 1, b: 'x' });
    await c.updateOne({ _id: 1 }, { $set: { a: 2 }, $unset: { b: '' } });
    await c.replaceOne({ _id: 1 }, { c: 3 });
    await c.deleteOne({ _id: 1 });
    return [
      { op: 'insert', ns, key: 1, full: { _id: 1, a: 1, b: 'x' } },
      { op: 'update', ns, key: 1, updated: { a: 2 }, removed: ['b'] },
      { op: 'replace', ns, key: 1, full: { _id: 1, c: 3 } },
      { op: 'delete', ns, key: 1 },
    ];
  }

  it('collection.watch() reports insert, update, replace and delete of that collection, in order', async () => {
    const stream = await opened(t.db.collection<AnyDoc>('watched').watch([], options()));
    await t.db.collection<AnyDoc>('not_watched').insertOne({ ignored: true });
    const expected = await crudScenario('watched');
    const events = await take(stream, 4);
    expect(events.map(summarize)).toEqual(expected);
    expectWellFormed(events);
    await expectNoMore(stream);
  });

  it('db.watch() reports changes of every collection in the database with their namespaces', async () => {
    const stream = await opened(t.db.watch([], options()));
    const first = await crudScenario('db_one');
    await t.db.collection<AnyDoc>('db_two').insertOne({ _id: 'x' });
    const events = await take(stream, 5);
    expect(events.map(summarize)).toEqual([
      ...first,
      { op: 'insert', ns: { db: t.dbName, coll: 'db_two' }, key: 'x', full: { _id: 'x' } },
    ]);
    expectWellFormed(events);
  });

  it('client.watch() reports changes across databases', async () => {
    const otherDb = t.client.db(`${t.dbName}_other`);
    try {
      const stream = await opened(
        t.client.watch([{ $match: { 'ns.db': { $in: [t.dbName, otherDb.databaseName] } } }], options()),
      );
      const first = await crudScenario('client_one');
      await otherDb.collection<AnyDoc>('elsewhere').insertOne({ _id: 7 });
      const events = await take(stream, 5);
      expect(events.map(summarize)).toEqual([
        ...first,
        { op: 'insert', ns: { db: otherDb.databaseName, coll: 'elsewhere' }, key: 7, full: { _id: 7 } },
      ]);
      expectWellFormed(events);
    } finally {
      await otherDb.dropDatabase().catch(() => undefined);
    }
  });

  it("fullDocument: 'updateLookup' delivers the current document with update events", async () => {
    const c = t.db.collection<AnyDoc>('lookup');
    await c.insertOne({ _id: 1, n: 1, keep: 'me' });
    const stream = await opened(c.watch([], options({ fullDocument: 'updateLookup' })));
    await c.updateOne({ _id: 1 }, { $inc: { n: 1 } });
    const [event] = await take(stream, 1);
    expect(summarize(event)).toEqual({
      op: 'update',
      ns: { db: t.dbName, coll: 'lookup' },
      key: 1,
      updated: { n: 2 },
      removed: [],
      full: { _id: 1, n: 2, keep: 'me' },
    });
  });

  it('pre- and post-images come with the changes made while the collection records them', async () => {
    await t.db.createCollection('imaged', { changeStreamPreAndPostImages: { enabled: true } });
    const c = t.db.collection<AnyDoc>('imaged');
    await c.insertOne({ _id: 1, n: 1 });
    const stream = await opened(
      c.watch([], options({ fullDocument: 'required', fullDocumentBeforeChange: 'required' })),
    );
    await c.updateOne({ _id: 1 }, { $inc: { n: 1 } });
    await c.deleteOne({ _id: 1 });
    const [update, deletion] = await take(stream, 2);
    expect(update).toMatchObject({
      operationType: 'update',
      fullDocument: { _id: 1, n: 2 },
      fullDocumentBeforeChange: { _id: 1, n: 1 },
    });
    expect(deletion).toMatchObject({ operationType: 'delete', fullDocumentBeforeChange: { _id: 1, n: 2 } });
  });

  it('without recorded images, whenAvailable gives null and required fails the stream', async () => {
    const c = t.db.collection<AnyDoc>('not_imaged');
    await c.insertOne({ _id: 1, n: 1 });
    const available = await opened(
      c.watch([], options({ fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' })),
    );
    const required = await opened(c.watch([], options({ fullDocumentBeforeChange: 'required' })));
    await c.updateOne({ _id: 1 }, { $inc: { n: 1 } });
    const [update] = await take(available, 1);
    expect(update).toMatchObject({
      operationType: 'update',
      fullDocument: null,
      fullDocumentBeforeChange: null,
    });
    const error = await rejectionOf(take(required, 1));
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(47);

    // Turned on later, the collection records images of the changes made from then on only.
    await t.db.command({ collMod: 'not_imaged', changeStreamPreAndPostImages: { enabled: true } });
    await c.updateOne({ _id: 1 }, { $inc: { n: 1 } });
    const [next] = await take(available, 1);
    expect(next).toMatchObject({
      fullDocument: { _id: 1, n: 3 },
      fullDocumentBeforeChange: { _id: 1, n: 2 },
    });
  });

  it('showExpandedEvents reports DDL changes; streams without it never see them', async () => {
    const expanded = await opened(t.db.watch([], options({ showExpandedEvents: true })));
    const plain = await opened(t.db.watch([], options()));
    await t.db.createCollection('ddl');
    const c = t.db.collection<AnyDoc>('ddl');
    await c.createIndex({ n: 1 }, { name: 'n_1' });
    await t.db.command({ collMod: 'ddl', validationLevel: 'moderate' });
    await c.dropIndex('n_1');
    await c.insertOne({ _id: 1, n: 1 });
    const events = (await take(expanded, 5)) as unknown as Document[];
    expect(events.map((event) => event.operationType)).toEqual([
      'create',
      'createIndexes',
      'modify',
      'dropIndexes',
      'insert',
    ]);
    const ns = { db: t.dbName, coll: 'ddl' };
    expect(events[1]).toMatchObject({
      ns,
      operationDescription: { indexes: [{ key: { n: 1 }, name: 'n_1' }] },
    });
    expect(events[2]).toMatchObject({ ns, operationDescription: { validationLevel: 'moderate' } });
    expect(events[3]).toMatchObject({ ns, operationDescription: { indexes: [{ name: 'n_1' }] } });
    expect(events[4].collectionUUID).toBeDefined();
    expect((await take(plain, 1)).map(summarize)).toEqual([
      { op: 'insert', ns, key: 1, full: { _id: 1, n: 1 } },
    ]);
  });

  it('showExpandedEvents gives the components of ambiguous update paths', async () => {
    const c = t.db.collection<AnyDoc>('ambiguous');
    await c.insertOne({ _id: 1, o: { '1': 1 }, a: [{ '1': 1 }] });
    const stream = await opened(c.watch([], options({ showExpandedEvents: true })));
    await c.updateOne({ _id: 1 }, { $set: { 'o.1': 2, 'a.0.1': 2 } });
    const [event] = (await take(stream, 1)) as unknown as Document[];
    expect(event.updateDescription.disambiguatedPaths).toEqual({ 'o.1': ['o', '1'], 'a.0.1': ['a', 0, '1'] });
  });

  it('without updateLookup, update events carry no full document', async () => {
    const c = t.db.collection<AnyDoc>('no_lookup');
    await c.insertOne({ _id: 1, n: 1 });
    const stream = await opened(c.watch([], options()));
    await c.updateOne({ _id: 1 }, { $set: { n: 5 } });
    const [event] = await take(stream, 1);
    expect(event.operationType).toBe('update');
    expect('fullDocument' in event ? event.fullDocument : undefined).toBeUndefined();
  });

  it('updateLookup yields null when the document is gone by the time the event is read', async () => {
    const c = t.db.collection<AnyDoc>('lookup_gone');
    await c.insertOne({ _id: 1, n: 1 });
    const stream = await opened(c.watch([], options({ fullDocument: 'updateLookup' })));
    await c.updateOne({ _id: 1 }, { $inc: { n: 1 } });
    await c.deleteOne({ _id: 1 });
    const [update, deletion] = await take(stream, 2);
    expect(summarize(update)).toMatchObject({ op: 'update', full: null });
    expect(summarize(deletion)).toMatchObject({ op: 'delete', key: 1 });
  });

  it('a $match pipeline filters the events', async () => {
    const c = t.db.collection<AnyDoc>('filtered');
    const stream = await opened(c.watch([{ $match: { operationType: 'delete' } }], options()));
    await c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
    await c.updateOne({ _id: 2 }, { $set: { x: 1 } });
    await c.deleteOne({ _id: 1 });
    await c.deleteOne({ _id: 3 });
    const events = await take(stream, 2);
    expect(events.map(summarize)).toEqual([
      { op: 'delete', ns: { db: t.dbName, coll: 'filtered' }, key: 1 },
      { op: 'delete', ns: { db: t.dbName, coll: 'filtered' }, key: 3 },
    ]);
    await expectNoMore(stream);
  });

  it('a $match on the full document selects inserts by content', async () => {
    const c = t.db.collection<AnyDoc>('by_content');
    const stream = await opened(c.watch([{ $match: { 'fullDocument.kind': 'wanted' } }], options()));
    await c.insertMany([
      { _id: 1, kind: 'other' },
      { _id: 2, kind: 'wanted' },
      { _id: 3, kind: 'other' },
      { _id: 4, kind: 'wanted' },
    ]);
    const events = await take(stream, 2);
    expect(events.map((e) => summarize(e).key)).toEqual([2, 4]);
    await expectNoMore(stream);
  });

  it('resumeAfter the token of event k delivers exactly the events after k', async () => {
    const c = t.db.collection<AnyDoc>('resumable');
    const first = await opened(c.watch([], options()));
    for (let i = 1; i <= 5; i += 1) await c.insertOne({ _id: i });
    const original = await take(first, 5);
    await first.close();

    const k = 1; // the second event
    // Not opened(): a resumed stream has events waiting straight away.
    const resumed = c.watch([], options({ resumeAfter: original[k]._id }));
    streams.push(resumed);
    const replayed = await take(resumed, 5 - (k + 1));
    expect(replayed.map((e) => summarize(e).key)).toEqual([3, 4, 5]);
    expect(replayed.map((e) => e._id)).toEqual(original.slice(k + 1).map((e) => e._id));
    await expectNoMore(resumed);

    // The resumed stream is live: new writes keep arriving.
    await c.insertOne({ _id: 6 });
    const [live] = await take(resumed, 1);
    expect(summarize(live).key).toBe(6);
  });

  it('writes committed in a transaction appear only after the commit, in commit order', async () => {
    const c = await t.db.createCollection<AnyDoc>('txn_watched');
    const stream = await opened(c.watch([], options()));
    const session = t.client.startSession();
    try {
      session.startTransaction();
      await c.insertOne({ _id: 't1' }, { session });
      await c.insertOne({ _id: 't2' }, { session });
      await c.insertOne({ _id: 'outside' });

      // Before the commit only the write made outside the transaction is reported.
      const [outside] = await take(stream, 1);
      expect(summarize(outside).key).toBe('outside');
      expect(outside.txnNumber).toBeUndefined();
      await expectNoMore(stream);

      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    const events = await take(stream, 2);
    expect(events.map((e) => summarize(e).key)).toEqual(['t1', 't2']);
    expect(events[0].txnNumber).toBeDefined();
    expect(events[0].lsid).toBeDefined();
    expect(events[1].txnNumber).toEqual(events[0].txnNumber);
    // All writes of one transaction share the commit's cluster time.
    expect(events[1].clusterTime).toEqual(events[0].clusterTime);
    await expectNoMore(stream);
  });

  it('an aborted transaction produces no events', async () => {
    const c = await t.db.createCollection<AnyDoc>('txn_aborted');
    const stream = await opened(c.watch([], options()));
    const session = t.client.startSession();
    try {
      session.startTransaction();
      await c.insertOne({ _id: 'never' }, { session });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    await c.insertOne({ _id: 'marker' });
    const [event] = await take(stream, 1);
    expect(summarize(event).key).toBe('marker');
  });

  it('an idle getMore waits for maxAwaitTimeMS before answering with an empty batch', async () => {
    const stream = await opened(t.db.collection<AnyDoc>('idle').watch([], { maxAwaitTimeMS: 600 }));
    succeeded.length = 0;
    expect(await stream.tryNext()).toBeNull();
    const getMores = succeeded.filter((e) => e.commandName === 'getMore');
    expect(getMores).toHaveLength(1);
    expect((getMores[0].reply as Document).cursor.nextBatch).toEqual([]);
    expect(getMores[0].duration).toBeGreaterThanOrEqual(450);
  });

  it('a waiting stream receives a write promptly, without polling in a loop', async () => {
    const c = t.db.collection<AnyDoc>('awaited');
    const stream = await opened(c.watch([], { maxAwaitTimeMS: 1000 }));
    started.length = 0;
    const getMoreStarted = new Promise<void>((resolve) => {
      const onStart = (event: CommandStartedEvent) => {
        if (event.commandName === 'getMore') {
          t.client.off('commandStarted', onStart);
          resolve();
        }
      };
      t.client.on('commandStarted', onStart);
    });
    const next = stream.next();
    await withTimeout(getMoreStarted, 2000, 'the stream to send a getMore');

    const writtenAt = Date.now();
    await c.insertOne({ _id: 'ping' });
    const event = await withTimeout(next, 2000, 'the change event of a write made while the stream waited');
    const latency = Date.now() - writtenAt;

    expect(summarize(event)).toMatchObject({ op: 'insert', key: 'ping' });
    expect(latency).toBeLessThan(2000);
    // A server that answered getMore at once would make the driver spin; an awaiting one needs a few.
    expect(started.filter((e) => e.commandName === 'getMore').length).toBeLessThanOrEqual(4);
  });
});
