import type { Collection, ObjectId } from 'mongodb';
import { badUserInput } from '../shared/errors';
import type { Logger } from '../logger';
import type { InterviewDocument, InterviewStatus } from './interview.model';

/**
 * Publication dates and the publishing schedule: when an interview was first and last published, and when
 * the service is to publish or unpublish it. The rules are here; InterviewService applies them.
 */

/** A schedule date as given to updateInterview: undefined leaves it, null clears it, else a real date. */
export function scheduleDate(
  field: 'publishAt' | 'unpublishAt',
  value: Date | null | undefined,
): Date | null | undefined {
  if (value === undefined || value === null) return value;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw badUserInput(field, 'must be a date and time');
  }
  return value;
}

/**
 * Completes a patch against the interview as stored: publishing stamps the dates (firstPublishedAt only the
 * first time) and consumes a pending publishAt; unpublishing consumes a pending unpublishAt. Refuses a
 * schedule that cannot happen, naming the field.
 */
export function withPublicationRules(
  current: InterviewDocument,
  patch: Partial<InterviewDocument>,
  now: Date,
): Partial<InterviewDocument> {
  const completed: Partial<InterviewDocument> = { ...patch };
  for (const field of ['publishAt', 'unpublishAt'] as const) {
    const value = completed[field];
    // A form sends the stored schedule back with every save: only a new date must lie ahead.
    if (value && value.getTime() === current[field]?.getTime()) delete completed[field];
    else if (value && value.getTime() <= now.getTime()) throw badUserInput(field, 'must be in the future');
  }
  const newPublishAt = completed.publishAt;
  const newUnpublishAt = completed.unpublishAt;
  const status: InterviewStatus = completed.status ?? current.status;
  const statusChanges = completed.status !== undefined && completed.status !== current.status;
  if (statusChanges && status === 'PUBLISHED') Object.assign(completed, publicationStamps(current, now));
  // Cleared only when one is pending, so that live updates list only fields that really changed.
  if (statusChanges && status === 'DRAFT' && !newUnpublishAt && current.unpublishAt)
    completed.unpublishAt = null;

  const publishAt = completed.publishAt !== undefined ? completed.publishAt : (current.publishAt ?? null);
  const unpublishAt =
    completed.unpublishAt !== undefined ? completed.unpublishAt : (current.unpublishAt ?? null);
  if (newPublishAt && status === 'PUBLISHED') {
    throw badUserInput('publishAt', 'the interview is already published');
  }
  if (newUnpublishAt && status === 'DRAFT' && !publishAt) {
    throw badUserInput('unpublishAt', 'the interview is not published and has no publishAt');
  }
  if ((newPublishAt || newUnpublishAt) && publishAt && unpublishAt && unpublishAt <= publishAt) {
    throw badUserInput('unpublishAt', 'must be after publishAt');
  }
  return completed;
}

/** What a publication writes: this publication's date, the first one's if there was none, no pending publishAt. */
export function publicationStamps(current: InterviewDocument, now: Date): Partial<InterviewDocument> {
  return {
    publishedAt: now,
    firstPublishedAt: current.firstPublishedAt ?? current.publishedAt ?? now,
    ...(current.publishAt ? { publishAt: null } : {}),
  };
}

export interface ScheduledChange {
  patch: Partial<InterviewDocument>;
  action: 'PUBLISH' | 'UNPUBLISH' | 'UPDATE';
}

/**
 * The change the schedule asks of this interview at `now`, or null when nothing is due. Both due (the service
 * was down over both times) ends unpublished. A due time that no longer changes the status is just cleared.
 */
export function dueChange(current: InterviewDocument, now: Date): ScheduledChange | null {
  const publishDue = !!current.publishAt && current.publishAt.getTime() <= now.getTime();
  const unpublishDue = !!current.unpublishAt && current.unpublishAt.getTime() <= now.getTime();
  if (!publishDue && !unpublishDue) return null;
  if (unpublishDue) {
    const patch: Partial<InterviewDocument> = { unpublishAt: null, status: 'DRAFT' };
    if (publishDue) patch.publishAt = null;
    return { patch, action: current.status === 'PUBLISHED' ? 'UNPUBLISH' : 'UPDATE' };
  }
  if (current.status === 'PUBLISHED') return { patch: { publishAt: null }, action: 'UPDATE' };
  return { patch: { status: 'PUBLISHED', ...publicationStamps(current, now) }, action: 'PUBLISH' };
}

/** The query for interviews with a due schedule. */
export function dueQuery(now: Date) {
  return { $or: [{ publishAt: { $lte: now } }, { unpublishAt: { $lte: now } }] };
}

/**
 * Brings interviews stored before these fields existed up to date, once each (those without a
 * firstPublishedAt field): firstPublishedAt from publishedAt, and a summary that is only a copy of the intro's
 * first paragraph (what imports used to write) cleared, so the editor writes their own.
 */
export async function migrateStoredInterviews(
  collection: Collection<InterviewDocument>,
  logger: Logger,
): Promise<{ migrated: number; summariesCleared: number }> {
  const pending = await collection
    .find(
      { firstPublishedAt: { $exists: false } },
      { projection: { _id: 1, publishedAt: 1, summary: 1, intro: 1 } },
    )
    .toArray();
  if (pending.length === 0) return { migrated: 0, summariesCleared: 0 };
  let summariesCleared = 0;
  const operations = pending.map((doc) => {
    const set: Partial<InterviewDocument> = { firstPublishedAt: doc.publishedAt ?? null };
    if (doc.summary && doc.intro && doc.summary.trim() === firstParagraph(doc.intro)) {
      set.summary = null;
      summariesCleared += 1;
    }
    return {
      updateOne: {
        filter: { _id: doc._id as ObjectId, firstPublishedAt: { $exists: false } },
        update: { $set: set },
      },
    };
  });
  await collection.bulkWrite(operations, { ordered: false });
  logger.info(
    { migrated: pending.length, summariesCleared },
    'Interviews given firstPublishedAt; summaries copied from the intro cleared',
  );
  return { migrated: pending.length, summariesCleared };
}

function firstParagraph(intro: string): string {
  return intro.split('\n\n')[0].trim();
}

export interface ScheduledPublishing {
  /** Ids of interviews with a due schedule, oldest first. */
  dueForSchedule(now: Date, limit: number): Promise<ObjectId[]>;
  /** Carries out the due change of one interview; null when there was none (or another instance did it). */
  runScheduledChange(id: ObjectId, now: Date): Promise<ScheduledChange['action'] | null>;
}

const BATCH = 50;

/**
 * Polls for due schedules every `intervalMs` and carries them out. Several instances may poll the same
 * database: each change is claimed by a version-checked update in a transaction, so exactly one of them
 * writes it (and its revision); the others find it done.
 */
export class PublishingScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly interviews: ScheduledPublishing,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): this {
    this.schedule(0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: every due change, in batches. */
  async runDue(now = new Date()): Promise<number> {
    let done = 0;
    for (;;) {
      const ids = await this.interviews.dueForSchedule(now, BATCH);
      let changed = 0;
      for (const id of ids) {
        if (this.stopped) return done;
        const action = await this.interviews.runScheduledChange(id, now);
        if (action) {
          changed += 1;
          this.logger.info({ interview: id.toHexString(), action }, 'Scheduled publishing carried out');
        }
      }
      done += changed;
      if (ids.length < BATCH || changed === 0) return done;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'Scheduled publishing pass failed'))
        .finally(() => {
          this.running = null;
          this.schedule(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
