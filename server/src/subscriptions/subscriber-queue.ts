/**
 * Why a socket's subscribers lost events: it fell more than its limit behind (`too-slow`), or the change
 * stream the events are built from could not resume and changes were never seen (`changes-missed`).
 */
export type EventLoss = 'too-slow' | 'changes-missed';

/**
 * Bounded delivery queues. Events wait in a subscription's queue until graphql-ws has sent the previous
 * one (it sends one at a time and waits for the socket to take it), so a subscriber that reads slowly — or
 * not at all — makes its queues grow. All queues of one socket share a budget: when more than `limit` events
 * are pending on the socket, the budget's loss handler runs (it closes the socket) and the queues drop
 * everything, so memory stays bounded whatever the client does.
 */
export class SocketBudget {
  private pendingCount = 0;
  private lost = false;

  constructor(
    readonly limit: number,
    /** Runs once, when the socket's subscribers first lose events; the socket's queues end after it. */
    private readonly onLoss: (cause: EventLoss) => void,
  ) {}

  get pending(): number {
    return this.pendingCount;
  }

  get exhausted(): boolean {
    return this.lost;
  }

  /** Reserves room for one event; false (and the loss handler, once) when the socket is over its limit. */
  take(): boolean {
    if (this.lost) return false;
    if (this.pendingCount >= this.limit) {
      this.lose('too-slow');
      return false;
    }
    this.pendingCount += 1;
    return true;
  }

  /** Reports that the socket's subscribers lost events (the handler runs for the first loss only). */
  lose(cause: EventLoss): void {
    if (this.lost) return;
    this.lost = true;
    this.onLoss(cause);
  }

  release(count = 1): void {
    this.pendingCount = Math.max(0, this.pendingCount - count);
  }
}

/** The events of one subscription, as the AsyncIterator graphql-js consumes. */
export class SubscriberQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private ended = false;

  constructor(
    private readonly budget: SocketBudget,
    private readonly hooks: {
      /** Runs when the queue ends, however it ends (unsubscribe, socket closed, overflow). */
      onEnd?: () => void;
      /** Runs just before an event is handed to the consumer. */
      onDeliver?: (item: T) => void;
    } = {},
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get done(): boolean {
    return this.ended;
  }

  /** Queues an event; on overflow the queue ends and the event is dropped. */
  push(item: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      this.hooks.onDeliver?.(item);
      resolve({ value: item, done: false });
      return;
    }
    if (!this.budget.take()) {
      this.end();
      return;
    }
    this.items.push(item);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const item = this.items[this.head];
      this.head += 1;
      if (this.head > 64 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      this.budget.release();
      this.hooks.onDeliver?.(item);
      return Promise.resolve({ value: item, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Ends the queue because events meant for it were never seen: its socket hears of it first (it is closed, so
   * that the client reconnects and refetches instead of taking the end for a finished subscription).
   */
  missedChanges(): void {
    this.budget.lose('changes-missed');
    this.end();
  }

  /** Ends the queue: drops what is pending, frees its budget, and finishes a waiting consumer. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.budget.release(this.size);
    this.items = [];
    this.head = 0;
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.({ value: undefined, done: true });
    this.hooks.onEnd?.();
  }
}
