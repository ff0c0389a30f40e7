import type { Db } from 'mongodb';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from '../../logger';
import { ChangeFeed, type ChangeFeedOptions } from '../../subscriptions/change-feed';

export interface ReaderCacheSettings {
  /** READER_CACHE_SIZE: bytes of responses kept; 0 turns the cache off. */
  maxBytes: number;
  /** READER_CACHE_TTL: the longest an answer is served from the cache, whatever happens (s). */
  ttlSeconds: number;
}

/**
 * Readers' answers, kept until the content changes. Every cached answer is filed under the generation that
 * was current when its request began; any write to the content (seen on this instance's change stream, from
 * whichever instance made it) starts a new generation, so nothing read before a change is served after it.
 * Answers are kept only while the change stream is established: without it no change would be seen.
 */
export class ReaderCache {
  readonly store: InMemoryLRUCache;
  private current = 0;
  private feed: ChangeFeed | null = null;
  private feedWasReady = false;
  private counters = { invalidations: 0 };

  constructor(
    private readonly db: Db,
    readonly settings: ReaderCacheSettings,
    private readonly logger: Logger,
    private readonly feedOptions: ChangeFeedOptions = {},
  ) {
    this.store = new InMemoryLRUCache({
      maxSize: Math.max(settings.maxBytes, 1),
      sizeCalculation: InMemoryLRUCache.sizeCalculation,
    });
  }

  get enabled(): boolean {
    return this.settings.maxBytes > 0;
  }

  /**
   * Whether answers may be read from and written to the cache now. When the change stream comes back after a
   * failure, the changes it missed arrive a moment later: what was cached before is dropped at once.
   */
  usable(): boolean {
    const ready = this.enabled && (this.feed?.ready ?? false);
    if (ready && !this.feedWasReady) this.invalidate();
    this.feedWasReady = ready;
    return ready;
  }

  /** The key part that retires every answer cached before the last change. */
  get generation(): number {
    return this.current;
  }

  get invalidations(): number {
    return this.counters.invalidations;
  }

  start(): void {
    if (!this.enabled || this.feed) return;
    this.feed = new ChangeFeed(
      this.db,
      async () => this.invalidate(),
      () => this.invalidate(),
      this.logger,
      this.feedOptions,
    );
    this.feed.start();
  }

  /** Drops every cached answer: the content changed (or may have, unseen). */
  invalidate(): void {
    this.current += 1;
    this.counters.invalidations += 1;
    this.store.clear();
  }

  async close(): Promise<void> {
    const feed = this.feed;
    this.feed = null;
    await feed?.stop();
    this.invalidate();
  }
}
