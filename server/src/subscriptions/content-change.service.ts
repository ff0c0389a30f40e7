import type { Db } from 'mongodb';
import type { Logger } from '../logger';
import { ChangeFeed, ChangeFeedOptions } from './change-feed';
import type { ContentChangeView, ContentEvent } from './content-event';
import { EventBuilder, EventBuilderOptions, EventSources } from './event-builder';
import { SocketBudget, SubscriberQueue } from './subscriber-queue';

export interface ContentChangeServiceOptions {
  feed?: ChangeFeedOptions;
  builder?: EventBuilderOptions;
  /** How long the change stream stays open after the last subscriber left (ms). */
  lingerMs?: number;
  /** How long a new subscription waits for the change stream to be established (ms). */
  readyTimeoutMs?: number;
  /** Called with each batch of changes before its events reach subscribers. */
  beforePublishing?: () => void;
}

export interface ContentFilter {
  /** Only this interview's events (its own and its entries'); null for everything. */
  interviewId: string | null;
  /** Editors hear of drafts; readers only of published content. */
  editor: boolean;
}

interface Subscriber {
  filter: ContentFilter;
  queue: SubscriberQueue<ContentChangeView>;
}

export interface ContentChangeStats {
  subscribers: number;
  streamOpen: boolean;
  streamsOpened: number;
  batches: number;
  events: number;
  /** Events handed to subscriber queues. */
  deliveries: number;
}

/**
 * Live content changes for the subscribers of this instance. The change stream is opened when the first
 * subscriber arrives (a subscription counts only once the stream is established, so nothing committed after
 * that is missed), shared by all subscribers, and closed a while after the last one left.
 */
export class ContentChangeService {
  private readonly all = new Set<Subscriber>();
  private readonly byInterview = new Map<string, Set<Subscriber>>();
  private readonly builder: EventBuilder;
  private feed: ChangeFeed | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private counters = { batches: 0, events: 0, deliveries: 0 };

  constructor(
    private readonly db: Db,
    sources: EventSources,
    private readonly logger: Logger,
    private readonly options: ContentChangeServiceOptions = {},
  ) {
    this.builder = new EventBuilder(sources, logger, options.builder);
  }

  get subscriberCount(): number {
    let count = this.all.size;
    for (const group of this.byInterview.values()) count += group.size;
    return count;
  }

  stats(): ContentChangeStats {
    return {
      subscribers: this.subscriberCount,
      streamOpen: this.feed?.ready ?? false,
      streamsOpened: this.feed?.streamsOpened ?? 0,
      ...this.counters,
    };
  }

  /** A queue of this filter's events from now on; its budget is shared by the subscriber's socket. */
  async subscribe(
    filter: ContentFilter,
    budget: SocketBudget,
    onDeliver?: (view: ContentChangeView) => void,
  ): Promise<SubscriberQueue<ContentChangeView>> {
    if (this.closed) throw unavailable();
    const feed = this.ensureFeed();
    this.cancelLinger();
    const ready = await feed.waitUntilReady(this.options.readyTimeoutMs ?? 10_000);
    if (this.closed || !ready) {
      this.lingerIfIdle();
      throw unavailable();
    }
    const subscriber: Subscriber = {
      filter,
      queue: new SubscriberQueue<ContentChangeView>(budget, {
        onEnd: () => this.remove(subscriber),
        onDeliver,
      }),
    };
    this.add(subscriber);
    return subscriber.queue;
  }

  /** Ends every subscription and closes the change stream. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelLinger();
    for (const subscriber of [...this.all]) subscriber.queue.end();
    for (const group of [...this.byInterview.values()])
      for (const subscriber of [...group]) subscriber.queue.end();
    await this.stopFeed();
  }

  private ensureFeed(): ChangeFeed {
    if (!this.feed) {
      this.feed = new ChangeFeed(
        this.db,
        (batch) => this.onBatch(batch),
        () => this.afterGap(),
        this.logger,
        this.options.feed,
      );
      this.feed.start();
      this.logger.debug('Live updates: change stream opened');
    }
    return this.feed;
  }

  /**
   * Changes were missed (the stream could not resume): what the builder learnt is forgotten, and every
   * subscriber is ended as having missed events, so that its client reconnects and refetches.
   */
  private afterGap(): void {
    this.builder.reset();
    const subscribers = [...this.all, ...[...this.byInterview.values()].flatMap((group) => [...group])];
    if (subscribers.length > 0) {
      this.logger.warn(
        { subscribers: subscribers.length },
        'Live updates: closing every subscriber, which missed changes, so that each reconnects and refetches',
      );
    }
    for (const subscriber of subscribers) subscriber.queue.missedChanges();
  }

  private async onBatch(batch: Parameters<EventBuilder['build']>[0]): Promise<void> {
    const events = await this.builder.build(batch);
    this.options.beforePublishing?.();
    this.counters.batches += 1;
    this.counters.events += events.length;
    for (const event of events) this.publish(event);
  }

  private publish(event: ContentEvent): void {
    const interviewId = event.editor.interview_id;
    this.deliver(this.all, event);
    if (interviewId) {
      const group = this.byInterview.get(interviewId);
      if (group) this.deliver(group, event);
    }
  }

  private deliver(subscribers: Set<Subscriber>, event: ContentEvent): void {
    for (const subscriber of subscribers) {
      const view = subscriber.filter.editor ? event.editor : event.reader;
      if (!view) continue;
      subscriber.queue.push(view);
      this.counters.deliveries += 1;
    }
  }

  private add(subscriber: Subscriber): void {
    const id = subscriber.filter.interviewId;
    if (id === null) this.all.add(subscriber);
    else {
      const group = this.byInterview.get(id) ?? new Set<Subscriber>();
      group.add(subscriber);
      this.byInterview.set(id, group);
    }
  }

  private remove(subscriber: Subscriber): void {
    const id = subscriber.filter.interviewId;
    if (id === null) this.all.delete(subscriber);
    else {
      const group = this.byInterview.get(id);
      group?.delete(subscriber);
      if (group?.size === 0) this.byInterview.delete(id);
    }
    this.lingerIfIdle();
  }

  private lingerIfIdle(): void {
    if (this.closed || this.subscriberCount > 0 || !this.feed || this.lingerTimer) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = null;
      if (this.subscriberCount === 0) void this.stopFeed();
    }, this.options.lingerMs ?? 30_000);
    this.lingerTimer.unref();
  }

  private cancelLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
  }

  private async stopFeed(): Promise<void> {
    const feed = this.feed;
    this.feed = null;
    if (!feed) return;
    await feed.stop();
    this.builder.reset();
    this.logger.debug('Live updates: change stream closed');
  }
}

/** The change stream cannot be (re)opened: an internal failure, not the caller's doing. */
export class LiveUpdatesUnavailableError extends Error {
  constructor() {
    super('Live updates are unavailable right now: try again later');
    this.name = 'LiveUpdatesUnavailableError';
  }
}

function unavailable(): LiveUpdatesUnavailableError {
  return new LiveUpdatesUnavailableError();
}
