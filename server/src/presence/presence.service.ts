import type { Collection, Db } from 'mongodb';
import { Collections } from '../db/collections';
import { badUserInput } from '../shared/errors';

/** One open editor of an interview: stored so every instance of the service sees it. */
export interface PresenceDocument {
  /** `${interview}:${user}:${session}` — one per browser tab and interview. */
  _id: string;
  interview_id: string;
  user_id: string;
  name: string;
  /** The entry being edited, if any. */
  answer_id: string | null;
  since: Date;
  /** Renewed while the tab's connection lives; a TTL index removes what was left behind. */
  expiresAt: Date;
}

export interface PresentEditor {
  session: string;
  user_id: string;
  name: string;
  answer_id: string | null;
  since: Date;
}

export interface PresenceOptions {
  /** How long a presence lasts without being renewed (an instance that died leaves it this long at most). */
  ttlMs?: number;
  /** How often this instance renews its connections' presence and looks for changes by other instances. */
  pollMs?: number;
}

type Listener = (editors: PresentEditor[]) => void;

/**
 * Who has which interview open and which entry they are editing. Each open editor is a document with an
 * expiry: the instance holding the editor's WebSocket renews it while the socket lives and deletes it when
 * the socket goes; if the instance dies, readers ignore it once expired and the TTL index removes it.
 * Instances learn of each other's editors by reading the interview's presence every `pollMs` while someone
 * on them watches it — expiry needs a clock anyway, which a change stream would not give.
 */
export class PresenceService {
  private readonly collection: Collection<PresenceDocument>;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly lastSent = new Map<string, string>();
  /** The presence documents of this instance's connections, by id. */
  private readonly local = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly ttlMs: number;
  private readonly pollMs: number;

  constructor(db: Db, options: PresenceOptions = {}) {
    this.collection = db.collection<PresenceDocument>(Collections.presence);
    this.ttlMs = options.ttlMs ?? 12_000;
    this.pollMs = options.pollMs ?? 1_500;
  }

  /** Marks the editor present in the interview (until `leave`, or expiry if this instance goes away). */
  async join(interviewId: string, session: string, user: { id: string; name: string }): Promise<void> {
    const id = presenceId(interviewId, user.id, session);
    this.local.add(id);
    const now = new Date();
    await this.collection.updateOne(
      { _id: id },
      {
        $set: { interview_id: interviewId, user_id: user.id, name: user.name, expiresAt: this.expiry() },
        $setOnInsert: { answer_id: null, since: now },
      },
      { upsert: true },
    );
    await this.publish(interviewId);
  }

  /** Says which entry the editor is editing now (null: none); false when the editor is not present. */
  async report(
    interviewId: string,
    session: string,
    userId: string,
    answerId: string | null,
  ): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: presenceId(interviewId, userId, session) },
      { $set: { answer_id: answerId, expiresAt: this.expiry() } },
    );
    if (result.matchedCount === 0) return false;
    await this.publish(interviewId);
    return true;
  }

  async leave(interviewId: string, session: string, userId: string): Promise<void> {
    const id = presenceId(interviewId, userId, session);
    this.local.delete(id);
    await this.collection.deleteOne({ _id: id });
    await this.publish(interviewId);
  }

  /** The editors present in the interview now. */
  async list(interviewId: string): Promise<PresentEditor[]> {
    const docs = await this.collection
      .find({ interview_id: interviewId, expiresAt: { $gt: new Date() } })
      .sort({ since: 1, _id: 1 })
      .toArray();
    return docs.map((doc) => ({
      session: doc._id.split(':')[2] ?? '',
      user_id: doc.user_id,
      name: doc.name,
      answer_id: doc.answer_id,
      since: doc.since,
    }));
  }

  /** Calls `listener` with the interview's editors now and whenever they change; returns the unsubscribe. */
  watch(interviewId: string, listener: Listener): () => void {
    let set = this.listeners.get(interviewId);
    if (!set) {
      set = new Set();
      this.listeners.set(interviewId, set);
    }
    set.add(listener);
    this.lastSent.delete(interviewId);
    void this.publish(interviewId);
    this.timer ??= setInterval(() => void this.tick(), this.pollMs);
    this.timer.unref();
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(interviewId);
        this.lastSent.delete(interviewId);
      }
      if (this.listeners.size === 0 && this.local.size === 0) this.stopTimer();
    };
  }

  stop(): void {
    this.stopTimer();
    this.listeners.clear();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    try {
      if (this.local.size > 0) {
        await this.collection.updateMany(
          { _id: { $in: [...this.local] } },
          { $set: { expiresAt: this.expiry() } },
        );
      }
      await Promise.all([...this.listeners.keys()].map((interviewId) => this.publish(interviewId)));
    } catch {
      // The database is away for a moment: the next tick tries again; presence is best effort.
    }
  }

  /** Sends the interview's editors to its listeners when they differ from what was last sent. */
  private async publish(interviewId: string): Promise<void> {
    const listeners = this.listeners.get(interviewId);
    if (!listeners || listeners.size === 0) return;
    const editors = await this.list(interviewId);
    const key = JSON.stringify(editors);
    if (this.lastSent.get(interviewId) === key) return;
    this.lastSent.set(interviewId, key);
    for (const listener of listeners) listener(editors);
  }

  private expiry(): Date {
    return new Date(Date.now() + this.ttlMs);
  }
}

function presenceId(interviewId: string, userId: string, session: string): string {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(session)) {
    throw badUserInput('session', 'must be 8 to 64 letters, digits, _ or - (one per browser tab)');
  }
  return `${interviewId}:${userId}:${session}`;
}
