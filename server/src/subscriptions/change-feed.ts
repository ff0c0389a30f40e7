import type { EventEmitter } from 'node:events';
import { ChangeStream, ChangeStreamOptions, Db, MongoServerError, ResumeToken } from 'mongodb';
import { Collections } from '../db/collections';
import { SOURCE_TEXT_PATH } from '../interviews/interview.model';
import type { Logger } from '../logger';
import { CONTENT_COLLECTIONS, RawChange, toRawChange } from './change-decoder';

export interface ChangeFeedOptions {
  /** How long one getMore waits for changes on the server. */
  maxAwaitTimeMS?: number;
  /** First and longest wait before reopening a failed stream. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Most changes handed over at once. */
  maxBatch?: number;
}

/** Server errors after which the stream cannot resume from its token: events in between are lost. */
const UNRESUMABLE_CODES = new Set([
  260, // InvalidResumeToken
  280, // ChangeStreamFatalError
  286, // ChangeStreamHistoryLost
]);

/**
 * The one change stream of an instance: watches the database for writes to speakers, interviews and answers
 * (and the revisions written with them), with the documents looked up after each update, and hands them over
 * in batches — one server reply at a time, so a transaction's writes arrive together. When the stream fails it
 * is reopened after a growing pause, resuming after the last change received, so nothing is lost as long as
 * the oplog still holds it; when the database is dropped it starts again after the invalidation.
 */
export class ChangeFeed {
  private running = false;
  private loop: Promise<void> | null = null;
  private stream: ChangeStream | null = null;
  private resumeToken: ResumeToken | null = null;
  private afterInvalidate = false;
  private isReady = false;
  /** Called with true once the stream is established, with false when the feed stops first. */
  private readyWaiters: ((ready: boolean) => void)[] = [];
  private wake: (() => void) | null = null;
  private failures = 0;
  private readySince = 0;
  private opened = 0;

  constructor(
    private readonly db: Db,
    private readonly handle: (batch: RawChange[]) => Promise<void>,
    /** Called when changes may have been missed (the stream could not resume). */
    private readonly onGap: () => void,
    private readonly logger: Logger,
    private readonly options: ChangeFeedOptions = {},
  ) {}

  get ready(): boolean {
    return this.isReady;
  }

  /** How many times a stream was opened (1 + restarts). */
  get streamsOpened(): number {
    return this.opened;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Resolves true once the stream is established (changes committed from then on are seen), false on timeout
   * or when the feed is stopped first.
   */
  waitUntilReady(timeoutMs: number): Promise<boolean> {
    if (this.isReady) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((waiter) => waiter !== settle);
        resolve(false);
      }, timeoutMs);
      const settle = (ready: boolean) => {
        clearTimeout(timer);
        resolve(ready);
      };
      this.readyWaiters.push(settle);
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter(false);
    this.wake?.();
    await this.stream?.close().catch(() => undefined);
    await this.loop;
    this.loop = null;
    this.resumeToken = null;
    this.afterInvalidate = false;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const stream = this.open();
      try {
        await this.pump(stream);
      } catch (error) {
        if (!this.running) break;
        // A stream that worked for a while starts its backoff afresh.
        if (this.readySince > 0 && Date.now() - this.readySince > 30_000) this.failures = 0;
        this.failures += 1;
        // Not ready until the next stream is: a subscriber let in meanwhile would count from a stream that is
        // gone (after a gap the next one starts from its own opening, and what came in between is lost).
        this.isReady = false;
        this.readySince = 0;
        if (
          this.resumeToken &&
          error instanceof MongoServerError &&
          UNRESUMABLE_CODES.has(Number(error.code))
        ) {
          this.logger.error(
            { err: error },
            'Live updates: the change stream cannot resume from its last position (it fell behind the history the database keeps); changes in between were not delivered, and what is built from them is read afresh',
          );
          this.resumeToken = null;
          this.afterInvalidate = false;
          this.onGap();
        }
        const delay = this.backoff();
        this.logger.warn(
          { err: error, attempt: this.failures, retryInMs: delay },
          'Live updates: the change stream failed; reopening it',
        );
        await this.sleep(delay);
      } finally {
        this.isReady = false;
        this.readySince = 0;
        this.stream = null;
        await stream.close().catch(() => undefined);
      }
    }
  }

  private open(): ChangeStream {
    const options: ChangeStreamOptions = {
      fullDocument: 'updateLookup',
      maxAwaitTimeMS: this.options.maxAwaitTimeMS ?? 1000,
    };
    if (this.resumeToken) {
      if (this.afterInvalidate) options.startAfter = this.resumeToken;
      else options.resumeAfter = this.resumeToken;
    }
    const pipeline = [
      {
        $match: {
          $or: [
            { 'ns.coll': { $in: Object.keys(CONTENT_COLLECTIONS) } },
            { 'ns.coll': Collections.revisions, operationType: 'insert' },
            { operationType: 'invalidate' },
          ],
        },
      },
      // An interview's source text (up to 2 MB) is of no use to anything built from the feed.
      { $project: { [`fullDocument.${SOURCE_TEXT_PATH}`]: 0 } },
    ];
    const stream = this.db.watch(pipeline, options);
    this.stream = stream;
    this.opened += 1;
    // Established once the server answered the aggregate: the driver then caches a resume token
    // (or, for servers that send none, the cursor reports its first reply).
    stream.once('resumeTokenChanged', () => this.markReady(stream));
    (stream as unknown as { cursor?: EventEmitter }).cursor?.once?.('init', () => this.markReady(stream));
    return stream;
  }

  private markReady(stream: ChangeStream): void {
    if (stream !== this.stream || this.isReady) return;
    this.isReady = true;
    this.readySince = Date.now();
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) waiter(true);
  }

  private async pump(stream: ChangeStream): Promise<void> {
    const batch: RawChange[] = [];
    const maxBatch = this.options.maxBatch ?? 1000;
    while (this.running) {
      const event = await stream.next();
      this.markReady(stream);
      this.failures = 0;
      this.resumeToken = event._id;
      this.afterInvalidate = false;
      if (event.operationType === 'invalidate') {
        this.afterInvalidate = true;
        if (batch.length > 0) await this.deliver(batch.splice(0));
        this.logger.info(
          'Live updates: the change stream was invalidated (database dropped); starting after it',
        );
        return;
      }
      const raw = toRawChange(event);
      if (raw) batch.push(raw);
      if (batch.length > 0 && (stream.bufferedCount() === 0 || batch.length >= maxBatch)) {
        await this.deliver(batch.splice(0));
      }
    }
  }

  private async deliver(batch: RawChange[]): Promise<void> {
    try {
      await this.handle(batch);
    } catch (error) {
      this.logger.error({ err: error, changes: batch.length }, 'Live updates: could not process changes');
    }
  }

  private backoff(): number {
    const min = this.options.minBackoffMs ?? 100;
    const max = this.options.maxBackoffMs ?? 10_000;
    const base = Math.min(max, min * 2 ** Math.min(this.failures - 1, 16));
    return Math.round(base / 2 + (Math.random() * base) / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
