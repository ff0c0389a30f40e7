import pino from 'pino';
import { ChangeFeed } from '../../src/subscriptions/change-feed';
import { openTestDatabase, TestDatabase } from '../../../test/support/db';

describe('waiting for the change stream', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await openTestDatabase();
  });

  afterEach(async () => {
    await database.cleanup();
  });

  it('tells a waiter the stream is ready once it is established', async () => {
    const feed = new ChangeFeed(
      database.db,
      async () => undefined,
      () => undefined,
      pino({ level: 'silent' }),
    );
    feed.start();
    try {
      expect(await feed.waitUntilReady(10_000)).toBe(true);
    } finally {
      await feed.stop();
    }
  });

  it('answers a waiter at once when the feed stops before its stream is ready, holding no timer', async () => {
    // A closed client: the stream can never be established.
    await database.client.close();
    const feed = new ChangeFeed(
      database.db,
      async () => undefined,
      () => undefined,
      pino({ level: 'silent' }),
      {
        minBackoffMs: 50,
        maxBackoffMs: 50,
      },
    );
    feed.start();
    const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const waiting = feed.waitUntilReady(60_000);
    const started = Date.now();
    await feed.stop();
    expect(await waiting).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length).toBeLessThanOrEqual(
      timersBefore,
    );
  });
});
