import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ok } from '../../../test/support/fixtures';
import { startServiceWithShortHistory, type ShortHistoryService } from '../../../test/support/short-history';
import { Collections } from '../../src/db/collections';
import { nameKey } from '../../src/shared/text';
import { CloseInfo, Collector, waitForSubscribers, wsUrl } from './support';

/** On the embedded engine a change history of 50 changes, so that a burst of writes outruns the stream. */
const HISTORY = 50;
const BURST = 2000;

/**
 * A burst of writes larger than the history the database keeps (a bulk load straight into it) leaves the
 * service's change stream unable to resume: the changes in between are never delivered. Subscribers are then
 * closed with 1012, which graphql-ws clients retry, so they reconnect, subscribe again and refetch, instead of
 * carrying on as if nothing had been missed. On MongoDB, whose oplog holds the burst, they get every event.
 */
describe('live updates when the change stream missed changes', () => {
  let app: ShortHistoryService;
  let token: string;

  beforeAll(async () => {
    app = await startServiceWithShortHistory(HISTORY);
    token = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('closes subscribers so that they reconnect and subscribe again, and they follow changes after', async () => {
    const closes: CloseInfo[] = [];
    let connections = 0;
    // A graphql-ws client as applications configure it: it retries what its protocol says may be retried.
    const client = createClient({
      url: wsUrl(app),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 5,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 100)),
      keepAlive: 0,
      on: {
        connected: () => (connections += 1),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          closes.push({ code, reason });
        },
      },
    });
    const names = new Collector<string>();
    client.subscribe<{ contentChanged: { entity: string; id: string; speaker: { name: string } | null } }>(
      { query: 'subscription { contentChanged { entity id speaker { name } } }' },
      {
        next: (result) => {
          const name = result.data?.contentChanged.speaker?.name;
          if (name) names.push(name);
        },
        error: (error) => names.fail(error),
        complete: () => names.complete(),
      },
    );
    try {
      await waitForSubscribers(app, 1);
      await app.service.database.db.collection(Collections.speakers).insertMany(
        Array.from({ length: BURST }, (_, i) => ({
          name: `Bulk ${i}`,
          nameKey: nameKey(`Bulk ${i}`),
          slug: `bulk-${i}`,
          version: 1,
        })),
      );

      if (app.historyIsShort) {
        const deadline = Date.now() + 20_000;
        while ((closes.length === 0 || connections < 2) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(closes[0]).toEqual({ code: 1012, reason: 'Changes missed: reconnect and refetch' });
        expect(connections).toBeGreaterThanOrEqual(2);
        // Of the burst, not every event was delivered: that is what the close told the client.
        expect(names.items.filter((name) => name.startsWith('Bulk ')).length).toBeLessThan(BURST);
      } else {
        await names.until((items) => items.includes(`Bulk ${BURST - 1}`), 30_000, 'the last of the burst');
        expect(closes).toEqual([]);
      }

      // Subscribed again (or still): what is written from now on arrives.
      await waitForSubscribers(app, 1);
      await ok(app, 'mutation { createSpeaker(name: "After the burst") { id } }', {}, token);
      await names.until((items) => items.includes('After the burst'), 10_000, 'the speaker created after');
      expect(names.done).toBe(false);
      expect(names.error).toBeNull();
    } finally {
      await client.dispose();
    }
  }, 60_000);
});
