import { ClientSession, Collection, Db, Filter, MongoClient, ObjectId, Sort } from 'mongodb';
import type DataLoader from 'dataloader';
import { Collections } from '../db/collections';
import { badUserInput, ConflictError, notFound } from '../shared/errors';
import { AnswerDocument, answerContent } from '../answers/answer.model';
import type { RevisionWriter } from '../revisions/revision.writer';
import { parseId, parseIds } from '../shared/mongo/ids';
import type { Page } from '../shared/list-query';
import { coalescedReads, coalescedReadsById, loadByIds, matchKeys } from '../shared/mongo/coalesced-reads';
import { isDuplicateKey } from '../shared/mongo/duplicate-key';
import { literalContains } from '../shared/text';
import { inTransaction } from '../shared/mongo/transaction';
import { uniqueSlug } from '../shared/mongo/unique-slug';
import { languageTag } from '../shared/language';
import { definedOnly, optionalText, optionalUrl, requiredText, slugText } from '../shared/validate';
import { newVersionedFields } from '../shared/versioned';
import { applyVersionedUpdate } from '../shared/mongo/versioned-update';
import {
  InterviewDocument,
  interviewEditableFields,
  InterviewStatus,
  SOURCE_TEXT_PATH,
} from './interview.model';
import type { Logger } from '../logger';
import {
  dueChange,
  dueQuery,
  migrateStoredInterviews,
  ScheduledChange,
  scheduleDate,
  withPublicationRules,
} from './publishing-schedule';

/** Merged word by word when two editors change them from the same version. */
const INTERVIEW_TEXT_FIELDS = ['title', 'publisher', 'summary', 'intro'] as const;

export const LIMITS = {
  title: 500,
  publisher: 200,
  language: 35,
  summary: 20_000,
  intro: 100_000,
  section: 500,
  sections: 500,
};

export interface Visibility {
  includeDrafts: boolean;
}

/** Where a keyset page of interviews goes on from. */
export interface InterviewCursor {
  publishedAt: Date | null;
  id: string;
}

export interface InterviewFilterInput {
  q?: string;
  ids?: string[];
  status?: InterviewStatus;
  publisher?: string;
  language?: string;
  speaker_id?: string;
  publishedAt_gte?: Date;
  publishedAt_lte?: Date;
  createdAt_gte?: Date;
  createdAt_lte?: Date;
  updatedAt_gte?: Date;
  updatedAt_lte?: Date;
}

export interface NewInterviewInput {
  title: string;
  slug?: string | null;
  publisher?: string | null;
  sourceUrl?: string | null;
  language?: string | null;
  summary?: string | null;
  intro?: string | null;
  sections?: string[] | null;
  boilerplate?: string[] | null;
  status?: InterviewStatus | null;
}

export interface InterviewChanges {
  id: string;
  version: number;
  /** The version the editor started from: later changes are merged with these (three-way). */
  baseVersion?: number | null;
  title?: string;
  slug?: string;
  publisher?: string | null;
  sourceUrl?: string | null;
  language?: string;
  summary?: string | null;
  intro?: string | null;
  sections?: string[];
  boilerplate?: string[];
  status?: InterviewStatus;
  /** When the service is to publish it; null clears the schedule. */
  publishAt?: Date | null;
  /** When the service is to unpublish it; null clears the schedule. */
  unpublishAt?: Date | null;
}

/** What deleting an interview needs of its entries (the answers service does it, in the same transaction). */
export interface InterviewEntries {
  /** Deletes every entry of the interview and returns them as they were. */
  deleteAllOfInterview(session: ClientSession, interviewId: ObjectId): Promise<AnswerDocument[]>;
}

/** What the translations domain checks when an interview changes, inside the change's transaction. */
export interface InterviewTranslationRules {
  /** A translation leaves its group; an original with translations may not be deleted. */
  interviewDeleting(
    session: ClientSession,
    interview: InterviewDocument,
    userId: ObjectId | null,
  ): Promise<void>;
  /** Refuses a language another version of the group already has. */
  languageChanging(session: ClientSession, interviewId: ObjectId, language: string): Promise<void>;
}

/** Which interviews a page of interviews lists. */
export interface InterviewPageFilter {
  speakerId: ObjectId | null;
  publisher: string | null;
  language?: string | null;
}

export interface InterviewPageArgs extends InterviewPageFilter {
  first: number;
  after: InterviewCursor | null;
}

function pageFilter(args: InterviewPageFilter, visibility: Visibility): Filter<InterviewDocument> {
  const base: Filter<InterviewDocument> = { ...visible(visibility) };
  if (args.speakerId) base.speaker_ids = args.speakerId;
  if (args.publisher !== null) base.publisher = String(args.publisher);
  if (args.language) base.language = String(args.language);
  return base;
}

export class InterviewService {
  private readonly collection: Collection<InterviewDocument>;

  constructor(
    private readonly client: MongoClient,
    db: Db,
    private readonly revisions: RevisionWriter,
    private readonly entries: InterviewEntries,
    private readonly translations: InterviewTranslationRules | null = null,
  ) {
    this.collection = db.collection<InterviewDocument>(Collections.interviews);
    this.reads = {
      published: this.lookups({ includeDrafts: false }),
      all: this.lookups({ includeDrafts: true }),
    };
  }

  /** Lookups by slug and by id, gathered across concurrent requests (see coalescedReads), by what the caller may see. */
  private readonly reads: Record<'published' | 'all', InterviewReads>;

  private lookups(visibility: Visibility): InterviewReads {
    return {
      bySlug: coalescedReads(async (slugs) =>
        matchKeys(
          slugs,
          await this.collection
            .find({ slug: { $in: [...new Set(slugs)] }, ...visible(visibility) }, READ)
            .toArray(),
          (doc) => doc.slug,
        ),
      ),
      byId: coalescedReadsById((ids) =>
        this.collection.find({ _id: { $in: ids }, ...visible(visibility) }, READ).toArray(),
      ),
    };
  }

  private readsFor(visibility: Visibility): InterviewReads {
    return visibility.includeDrafts ? this.reads.all : this.reads.published;
  }

  get(id: ObjectId, visibility: Visibility): Promise<InterviewDocument | null> {
    return this.collection.findOne({ _id: id, ...visible(visibility) }, READ);
  }

  getBySlug(slug: string, visibility: Visibility): Promise<InterviewDocument | null> {
    const wanted = String(slug);
    // Longer than any slug there is (see slugText, slugify): not worth a place in other readers' query.
    if (wanted.length > MAX_SLUG_LENGTH) return Promise.resolve(null);
    return this.readsFor(visibility).bySlug.load(wanted);
  }

  /** The interviews with these ids the caller may see, in the ids' order. */
  getMany(ids: readonly ObjectId[], visibility: Visibility): Promise<InterviewDocument[]> {
    return loadByIds(this.readsFor(visibility).byId, ids);
  }

  /** Up to `limit` interviews after `afterId` in id order, drafts included: how the search index reads them all. */
  inIdOrder(afterId: ObjectId | null, limit: number): Promise<InterviewDocument[]> {
    return this.collection
      .find(afterId ? { _id: { $gt: afterId } } : {}, READ)
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** The interview as the caller's transaction sees it, drafts included (for changes to its entries). */
  getInSession(session: ClientSession, id: ObjectId): Promise<InterviewDocument | null> {
    return this.collection.findOne({ _id: id }, { ...READ, session });
  }

  /** The interview imported from this file (how seeding recognises what it loaded before). */
  getBySourceFile(fileName: string): Promise<InterviewDocument | null> {
    return this.collection.findOne({ 'source.fileName': fileName }, READ);
  }

  /** The statuses of these interviews as they are now; unknown ids are left out. */
  statusesOf(ids: readonly ObjectId[]): Promise<Pick<InterviewDocument, '_id' | 'status'>[]> {
    return this.collection.find({ _id: { $in: [...ids] } }, { projection: { status: 1 } }).toArray();
  }

  list(filter: InterviewFilterInput | undefined, page: Page, sort: Sort, visibility: Visibility) {
    return this.collection
      .find(this.toQuery(filter, visibility), READ)
      .sort(sort)
      .skip(page.skip)
      .limit(page.limit)
      .toArray();
  }

  count(filter: InterviewFilterInput | undefined, visibility: Visibility): Promise<number> {
    return this.collection.countDocuments(this.toQuery(filter, visibility));
  }

  /** Whether no interview is stored, drafts included (one document read, not a count of all). */
  async isEmpty(): Promise<boolean> {
    return (await this.collection.findOne({}, { projection: { _id: 1 } })) === null;
  }

  /**
   * A keyset page for readers: newest publication first (drafts, for editors, after), stable while
   * interviews are added, optionally narrowed to a speaker or a publisher.
   */
  async page(
    args: InterviewPageArgs,
    visibility: Visibility,
  ): Promise<{ docs: InterviewDocument[]; hasNextPage: boolean }> {
    const query: Filter<InterviewDocument> = { ...pageFilter(args, visibility) };
    if (args.after) {
      const afterId = new ObjectId(args.after.id);
      query.$or = args.after.publishedAt
        ? [
            { publishedAt: { $lt: args.after.publishedAt } },
            { publishedAt: args.after.publishedAt, _id: { $lt: afterId } },
            { publishedAt: null },
          ]
        : [{ publishedAt: null, _id: { $lt: afterId } }];
    }
    const docs = await this.collection
      .find(query, READ)
      .sort({ publishedAt: -1, _id: -1 })
      .limit(args.first + 1)
      .toArray();
    return { docs: docs.slice(0, args.first), hasNextPage: docs.length > args.first };
  }

  /** How many interviews the pages of `page` hold in all. */
  pageTotal(args: InterviewPageFilter, visibility: Visibility): Promise<number> {
    return this.collection.countDocuments(pageFilter(args, visibility));
  }

  /** Interviews in which any of these speakers takes part, newest first. */
  bySpeakers(
    speakerIds: readonly ObjectId[],
    visibility: Visibility,
    page?: { skip: number; limit: number },
  ): Promise<InterviewDocument[]> {
    const cursor = this.collection
      .find({ speaker_ids: { $in: [...speakerIds] }, ...visible(visibility) }, READ)
      .sort({ publishedAt: -1, createdAt: -1, _id: -1 });
    return (page ? cursor.skip(page.skip).limit(page.limit) : cursor).toArray();
  }

  /** Ids of the published interviews, for hiding drafts' entries from readers. */
  async publishedIds(): Promise<ObjectId[]> {
    const docs = await this.collection.find({ status: 'PUBLISHED' }, { projection: { _id: 1 } }).toArray();
    return docs.map((doc) => doc._id);
  }

  async create(args: NewInterviewInput, userId: ObjectId | null): Promise<InterviewDocument> {
    const title = requiredText('title', args.title, { max: LIMITS.title });
    const status: InterviewStatus = args.status ?? 'DRAFT';
    const now = new Date();
    try {
      return await inTransaction(this.client, async (session) => {
        const doc: InterviewDocument = {
          _id: new ObjectId(),
          title,
          slug: args.slug ? slugText('slug', args.slug) : await uniqueSlug(this.collection, title, session),
          publisher: optionalText('publisher', args.publisher, { max: LIMITS.publisher }) ?? null,
          sourceUrl: optionalUrl('sourceUrl', args.sourceUrl) ?? null,
          language: args.language ? languageTag('language', args.language) : 'en',
          summary: optionalText('summary', args.summary, { max: LIMITS.summary }) ?? null,
          intro: optionalText('intro', args.intro, { max: LIMITS.intro }) ?? null,
          sections: textList('sections', args.sections ?? []),
          boilerplate: textList('boilerplate', args.boilerplate ?? [], LIMITS.intro),
          status,
          publishedAt: status === 'PUBLISHED' ? now : null,
          firstPublishedAt: status === 'PUBLISHED' ? now : null,
          speaker_ids: [],
          source: null,
          ...newVersionedFields(userId, now),
        };
        await this.collection.insertOne(doc, { session });
        await this.revisions.record(session, {
          entity: 'INTERVIEW',
          entity_id: doc._id,
          interview_id: doc._id,
          version: 1,
          action: 'CREATE',
          user_id: userId,
          before: null,
          after: { ...interviewEditableFields(doc), status: doc.status },
        });
        return doc;
      });
    } catch (error) {
      throw translateDuplicate(error);
    }
  }

  async update(args: InterviewChanges, userId: ObjectId | null): Promise<InterviewDocument> {
    const id = parseId('id', args.id);
    const patch = definedOnly<Partial<InterviewDocument>>({
      title: args.title === undefined ? undefined : requiredText('title', args.title, { max: LIMITS.title }),
      slug: args.slug === undefined || args.slug === null ? undefined : slugText('slug', args.slug),
      publisher: optionalText('publisher', args.publisher, { max: LIMITS.publisher }),
      sourceUrl: optionalUrl('sourceUrl', args.sourceUrl),
      language:
        args.language === undefined || args.language === null
          ? undefined
          : languageTag('language', args.language),
      summary: optionalText('summary', args.summary, { max: LIMITS.summary }),
      intro: optionalText('intro', args.intro, { max: LIMITS.intro }),
      sections:
        args.sections === undefined || args.sections === null
          ? undefined
          : textList('sections', args.sections),
      boilerplate:
        args.boilerplate === undefined || args.boilerplate === null
          ? undefined
          : textList('boilerplate', args.boilerplate, LIMITS.intro),
      status: args.status ?? undefined,
      publishAt: scheduleDate('publishAt', args.publishAt),
      unpublishAt: scheduleDate('unpublishAt', args.unpublishAt),
    });
    try {
      return await this.save(id, args.version, patch, userId, args.baseVersion);
    } catch (error) {
      throw translateDuplicate(error);
    }
  }

  /** Publishes or unpublishes; publishing stamps publishedAt (and firstPublishedAt the first time). */
  setStatus(id: ObjectId, version: number, status: InterviewStatus, userId: ObjectId | null) {
    return this.save(id, version, { status }, userId);
  }

  /** A versioned update; a change of status is recorded as PUBLISH/UNPUBLISH and publishing stamps publishedAt. */
  private save(
    id: ObjectId,
    version: number,
    patch: Partial<InterviewDocument>,
    userId: ObjectId | null,
    baseVersion?: number | null,
  ) {
    return inTransaction(this.client, async (session) => {
      const current = await this.collection.findOne({ _id: id }, { ...READ, session });
      const newStatus =
        patch.status !== undefined && current && patch.status !== current.status ? patch.status : null;
      if (patch.language !== undefined && current && patch.language !== current.language) {
        await this.translations?.languageChanging(session, id, patch.language);
      }
      return this.applyUpdate(
        session,
        id,
        version,
        current ? withPublicationRules(current, patch, new Date()) : patch,
        userId,
        newStatus ? statusAction(newStatus) : 'UPDATE',
        baseVersion,
      );
    });
  }

  /** Ids of interviews whose scheduled publishing or unpublishing is due at `now`. */
  async dueForSchedule(now: Date, limit: number): Promise<ObjectId[]> {
    const docs = await this.collection
      .find(dueQuery(now), { projection: { _id: 1 } })
      .limit(limit)
      .toArray();
    return docs.map((doc) => doc._id);
  }

  /**
   * Carries out the interview's due scheduled change as the service (no user), revisioned as PUBLISH or
   * UNPUBLISH. The write is conditional on the version read in the same transaction: when several instances
   * try at once, one writes and the others find the version moved on (or the schedule gone) and do nothing.
   */
  runScheduledChange(id: ObjectId, now: Date): Promise<ScheduledChange['action'] | null> {
    return inTransaction(this.client, async (session) => {
      const current = await this.collection.findOne({ _id: id }, { ...READ, session });
      const change = current && dueChange(current, now);
      if (!current || !change) return null;
      try {
        await this.applyUpdate(session, id, current.version, change.patch, null, change.action);
        return change.action;
      } catch (error) {
        if (error instanceof ConflictError) return null;
        throw error;
      }
    });
  }

  /** Brings interviews stored by earlier versions up to date (publication dates, copied summaries). */
  migrateStored(logger: Logger) {
    return migrateStoredInterviews(this.collection, logger);
  }

  /** Deletes an interview with all of its entries, recording a revision for each. */
  async delete(id: ObjectId, userId: ObjectId | null): Promise<InterviewDocument> {
    return inTransaction(this.client, (session) => this.deleteInSession(session, id, userId));
  }

  /** The delete of `delete`, inside the caller's transaction (an import that replaces an interview uses it). */
  async deleteInSession(
    session: ClientSession,
    id: ObjectId,
    userId: ObjectId | null,
  ): Promise<InterviewDocument> {
    const current = await this.collection.findOne({ _id: id }, { ...READ, session });
    if (!current) throw notFound('Interview', id.toHexString());
    await this.translations?.interviewDeleting(session, current, userId);
    const entries = await this.entries.deleteAllOfInterview(session, id);
    await this.collection.deleteOne({ _id: id }, { session });
    await this.revisions.record(session, [
      ...entries.map((entry) => ({
        entity: 'ANSWER' as const,
        entity_id: entry._id,
        interview_id: id,
        version: entry.version + 1,
        action: 'DELETE' as const,
        user_id: userId,
        before: answerContent(entry),
        after: null,
      })),
      {
        entity: 'INTERVIEW',
        entity_id: id,
        interview_id: id,
        version: current.version + 1,
        action: 'DELETE',
        user_id: userId,
        before: { ...interviewEditableFields(current), status: current.status },
        after: null,
      },
    ]);
    return current;
  }

  /** Sets who asks or answers in the interview (the answers service keeps it in step with the entries). */
  async setSpeakers(session: ClientSession, interviewId: ObjectId, speakerIds: ObjectId[]): Promise<void> {
    await this.collection.updateOne({ _id: interviewId }, { $set: { speaker_ids: speakerIds } }, { session });
  }

  /**
   * Stores an imported interview inside the import's transaction, with a slug made unique from its title.
   * Revisions are the import's to record, with its entries'.
   */
  async insertImported(
    session: ClientSession,
    fields: Omit<InterviewDocument, 'slug'>,
  ): Promise<InterviewDocument> {
    const { _id, title, ...rest } = fields;
    const interview: InterviewDocument = {
      _id,
      title,
      slug: await uniqueSlug(this.collection, title, session),
      ...rest,
      firstPublishedAt: rest.firstPublishedAt ?? rest.publishedAt ?? null,
    };
    await this.collection.insertOne(interview, { session });
    return interview;
  }

  private applyUpdate(
    session: ClientSession,
    id: ObjectId,
    version: number | null,
    patch: Partial<InterviewDocument>,
    userId: ObjectId | null,
    action: 'UPDATE' | 'PUBLISH' | 'UNPUBLISH' | 'REVERT' = 'UPDATE',
    baseVersion?: number | null,
  ): Promise<InterviewDocument> {
    return applyVersionedUpdate<InterviewDocument>({
      collection: this.collection,
      session,
      revisions: this.revisions,
      entity: 'INTERVIEW',
      label: 'Interview',
      id,
      expectedVersion: version,
      patch,
      userId,
      action,
      interviewIdOf: (doc) => doc._id,
      baseVersion,
      textFields: INTERVIEW_TEXT_FIELDS,
      projection: READ.projection,
    });
  }

  private toQuery(
    filter: InterviewFilterInput | undefined,
    visibility: Visibility,
  ): Filter<InterviewDocument> {
    const query: Filter<InterviewDocument> = { ...visible(visibility) };
    if (!filter) return query;
    if (filter.ids) query._id = { $in: parseIds('filter.ids', filter.ids) };
    if (filter.status !== undefined) {
      if (!visibility.includeDrafts && filter.status !== 'PUBLISHED') query._id = { $in: [] };
      else query.status = filter.status;
    }
    if (filter.publisher !== undefined) query.publisher = String(filter.publisher);
    if (filter.language !== undefined) query.language = String(filter.language);
    if (filter.speaker_id !== undefined) query.speaker_ids = parseId('filter.speaker_id', filter.speaker_id);
    for (const field of ['publishedAt', 'createdAt', 'updatedAt'] as const) {
      const range: { $gte?: Date; $lte?: Date } = {};
      if (filter[`${field}_gte`]) range.$gte = filter[`${field}_gte`];
      if (filter[`${field}_lte`]) range.$lte = filter[`${field}_lte`];
      if (range.$gte || range.$lte) query[field] = range;
    }
    if (filter.q?.trim()) {
      const pattern = literalContains(filter.q);
      query.$or = [{ title: pattern }, { publisher: pattern }, { summary: pattern }, { intro: pattern }];
    }
    return query;
  }
}

/** How the service reads interviews: everything but the source text (see InterviewSource.text). */
const READ = { projection: { [SOURCE_TEXT_PATH]: 0 } };

/** Slugs are at most 100 characters (slugText) or 80 and a counter (slugify, uniqueSlug); with room to spare. */
const MAX_SLUG_LENGTH = 1024;

interface InterviewReads {
  bySlug: DataLoader<string, InterviewDocument | null>;
  byId: DataLoader<ObjectId, InterviewDocument | null>;
}

function visible(visibility: Visibility): Filter<InterviewDocument> {
  return visibility.includeDrafts ? {} : { status: 'PUBLISHED' };
}

function statusAction(status: InterviewStatus): 'PUBLISH' | 'UNPUBLISH' {
  return status === 'PUBLISHED' ? 'PUBLISH' : 'UNPUBLISH';
}

function textList(field: string, values: readonly string[], max: number = LIMITS.section): string[] {
  if (values.length > LIMITS.sections)
    throw badUserInput(field, `must have at most ${LIMITS.sections} items`);
  return values.map((value, index) => requiredText(`${field}[${index}]`, value, { max }));
}

function translateDuplicate(error: unknown): unknown {
  if (isDuplicateKey(error, 'slug_unique'))
    return badUserInput('slug', 'another interview already has this slug');
  return error;
}
