import { ClientSession, Collection, Db, Filter, MongoClient, ObjectId, Sort } from 'mongodb';
import { Collections } from '../db/collections';
import { badUserInput, conflict, InvalidInputError, notFound } from '../shared/errors';
import type { InterviewDocument } from '../interviews/interview.model';
import type { InterviewService, Visibility } from '../interviews/interview.service';
import type { RevisionDocument } from '../revisions/revision.model';
import type { RevisionService } from '../revisions/revision.service';
import type { RevisionWriter } from '../revisions/revision.writer';
import type { SpeakerService } from '../speakers/speaker.service';
import { coalescedReads } from '../shared/mongo/coalesced-reads';
import { parseId, parseIds } from '../shared/mongo/ids';
import type { Page } from '../shared/list-query';
import { insertInBatches } from '../shared/mongo/insert-in-batches';
import { literalContains } from '../shared/text';
import { inTransaction } from '../shared/mongo/transaction';
import { definedOnly, requiredText } from '../shared/validate';
import { newVersionedFields, sameValue } from '../shared/versioned';
import { applyVersionedUpdate, loadAtVersion } from '../shared/mongo/versioned-update';
import { ANSWER_CONTENT_FIELDS, AnswerContent, answerContent, AnswerDocument } from './answer.model';
import { countEntries, shiftPositions } from './positions';
import { EntryMatch, matchFilter, matchOrder } from './search-matches';
import {
  contextOf,
  FieldMatch,
  FIND_MAX_LENGTH,
  FindOptions,
  findPattern,
  MAX_MATCHES,
  matchesIn,
  replaceMatches,
  SEARCHED_FIELDS,
  SearchedField,
} from './find-replace';

export const ANSWER_LIMITS = { question: 20_000, text: 200_000, section: 500 };
/** Merged word by word when two editors change them from the same version. */
const ANSWER_TEXT_FIELDS = ['question', 'text'] as const;
/** What a restore or an undo puts back: the content, and whether the entry continued the one before it. */
const RESTORED_FIELDS = [...ANSWER_CONTENT_FIELDS, 'continuation'] as const;

/** One page of one interview's entries. */
interface InterviewPage {
  interviewId: ObjectId;
  skip: number;
  limit: number;
}

/**
 * The ranked search, as the Answers list's `q` uses it: the matching entries, best first, at most `limit`.
 * Until its index is built (`ready` false) `q` is a literal substring match instead.
 */
export interface EntrySearch {
  readonly ready: boolean;
  matchingEntries(query: string, visibility: Visibility, limit: number): Promise<readonly EntryMatch[]>;
}

/** What the translations domain does when entries change, inside the change's transaction. */
export interface EntryChangeObserver {
  /** Question or text may have changed (updates, reverts, replacements); `after` null for a delete. */
  entryChanged(
    session: ClientSession,
    before: AnswerDocument,
    after: AnswerDocument | null,
    userId: ObjectId | null,
  ): Promise<void>;
  entrySplit(
    session: ClientSession,
    from: AnswerDocument,
    added: AnswerDocument,
    userId: ObjectId | null,
  ): Promise<void>;
  entriesMerged(
    session: ClientSession,
    kept: AnswerDocument,
    absorbed: readonly AnswerDocument[],
    userId: ObjectId | null,
  ): Promise<void>;
  entryDeleted(session: ClientSession, entry: AnswerDocument, userId: ObjectId | null): Promise<void>;
}

/** At most this many search matches filter a list (its count says so at most). */
export const MAX_Q_MATCHES = 5000;

export interface AnswerFilterInput {
  q?: string;
  ids?: string[];
  interview_id?: string;
  speaker_id?: string;
  questioner_id?: string;
  section?: string;
  position_gte?: number;
  position_lte?: number;
  updatedAt_gte?: Date;
  updatedAt_lte?: Date;
}

/** One occurrence the editor chose in the preview: in which entry (at which version), field and offset. */
export interface ChosenMatch {
  answer_id: string;
  version: number;
  field: string;
  start: number;
}

export interface ReplaceRequest {
  interview_id: string;
  find: string;
  replace: string;
  options?: FindOptions | null;
  /** The occurrences to replace; every one when omitted. */
  matches?: readonly ChosenMatch[] | null;
}

/** One occurrence of the searched text, with the text around it for the preview. */
export interface TranscriptMatch {
  entry: AnswerDocument;
  match: FieldMatch;
  before: string;
  matched: string;
  after: string;
}

/** Revisions that only changed an entry's fields, so undoing them is putting the fields back. */
const UNDOABLE_ACTIONS: ReadonlySet<string> = new Set(['UPDATE', 'REVERT']);

export interface NewAnswerInput {
  interview_id: string;
  position?: number | null;
  section?: string | null;
  question: string;
  questioner_id?: string | null;
  text: string;
  speaker_id?: string | null;
}

export interface AnswerChanges {
  id: string;
  version: number;
  /** The version the editor started from: later changes are merged with these (three-way). */
  baseVersion?: number | null;
  section?: string | null;
  question?: string;
  questioner_id?: string | null;
  text?: string;
  speaker_id?: string | null;
  startTime?: number | null;
  endTime?: number | null;
}

/** Times given in an update: seconds, 0 or more, the end not before the start. */
function validTimes(changes: AnswerChanges): Partial<AnswerDocument> {
  const times: Partial<AnswerDocument> = {};
  for (const field of ['startTime', 'endTime'] as const) {
    const value = changes[field];
    if (value === undefined) continue;
    if (value !== null && (!Number.isFinite(value) || value < 0)) {
      throw badUserInput(field, 'must be seconds from the start (0 or more), or null');
    }
    times[field] = value;
  }
  if (
    typeof times.startTime === 'number' &&
    typeof times.endTime === 'number' &&
    times.endTime < times.startTime
  ) {
    throw badUserInput('endTime', 'must not be before startTime');
  }
  return times;
}

export class AnswerService {
  private readonly collection: Collection<AnswerDocument>;

  constructor(
    private readonly client: MongoClient,
    db: Db,
    private readonly revisionWriter: RevisionWriter,
    private readonly interviews: InterviewService,
    private readonly speakers: SpeakerService,
    private readonly revisions: RevisionService,
    private readonly entrySearch: EntrySearch | null = null,
    private readonly entryObserver: EntryChangeObserver | null = null,
  ) {
    this.collection = db.collection<AnswerDocument>(Collections.answers);
  }

  async get(id: ObjectId, visibility: Visibility): Promise<AnswerDocument | null> {
    const doc = await this.collection.findOne({ _id: id });
    if (!doc || visibility.includeDrafts) return doc;
    return (await this.interviews.get(doc.interview_id, visibility)) ? doc : null;
  }

  /** These entries as the caller's transaction sees them, drafts' included. */
  getManyInSession(session: ClientSession, ids: readonly ObjectId[]): Promise<AnswerDocument[]> {
    return this.collection.find({ _id: { $in: [...ids] } }, { session }).toArray();
  }

  /** An interview's entries in order, as the caller's transaction sees them. */
  ofInterviewInSession(session: ClientSession, interviewId: ObjectId): Promise<AnswerDocument[]> {
    return this.collection.find({ interview_id: interviewId }, { session }).sort({ position: 1 }).toArray();
  }

  /**
   * Sets an entry's translation stale marks (none: up to date). Not a new version of the entry: the marks
   * say how its counterparts moved on, not what it says.
   */
  async setStaleMarks(
    session: ClientSession,
    id: ObjectId,
    marks: NonNullable<AnswerDocument['stale']>,
    userId: ObjectId | null,
  ): Promise<AnswerDocument> {
    const updated = await this.collection.findOneAndUpdate(
      { _id: id },
      marks.length > 0
        ? { $set: { stale: marks, updatedBy: userId } }
        : { $unset: { stale: '' }, $set: { updatedBy: userId } },
      { session, returnDocument: 'after' },
    );
    if (!updated) throw notFound('Answer', id.toHexString());
    return updated;
  }

  async getMany(ids: readonly ObjectId[], visibility: Visibility): Promise<AnswerDocument[]> {
    return this.collection.find({ _id: { $in: [...ids] }, ...(await this.visible(visibility)) }).toArray();
  }

  /**
   * Up to `limit` entries after `after` in transcript order (interview, position), drafts' included: how
   * the search index reads them all. Each page comes from the (interview_id, position) index without
   * sorting the rest, so reading all costs their number (pages in id order cost the embedded engine a
   * scan and a sort of every entry after the page, each: at 146k entries, reads after a restart queued
   * behind that for many seconds).
   */
  async inTranscriptOrder(
    after: Pick<AnswerDocument, 'interview_id' | 'position'> | null,
    limit: number,
  ): Promise<AnswerDocument[]> {
    const order = { interview_id: 1, position: 1 } as const;
    const restOfInterview = after
      ? await this.collection
          .find({ interview_id: after.interview_id, position: { $gt: after.position } })
          .sort(order)
          .limit(limit)
          .toArray()
      : [];
    if (restOfInterview.length === limit) return restOfInterview;
    const nextInterviews = await this.collection
      .find(after ? { interview_id: { $gt: after.interview_id } } : {})
      .sort(order)
      .limit(limit - restOfInterview.length)
      .toArray();
    return [...restOfInterview, ...nextInterviews];
  }

  /** The entries of several interviews in one query, in transcript order (for DataLoader). */
  byInterviews(interviewIds: readonly ObjectId[]): Promise<AnswerDocument[]> {
    return this.collection
      .find({ interview_id: { $in: [...interviewIds] } })
      .sort({ interview_id: 1, position: 1 })
      .toArray();
  }

  /**
   * The same page of several interviews' entries, in one query: positions run 1…n in every interview
   * (this service keeps them so), so a page is a position range. Interview by interview in the order asked,
   * each in position order.
   */
  pageOfInterviews(
    interviewIds: readonly ObjectId[],
    page: { skip: number; limit: number },
  ): Promise<AnswerDocument[]> {
    return Promise.all(interviewIds.map((interviewId) => this.pages.load({ interviewId, ...page }))).then(
      (lists) => lists.flat(),
    );
  }

  /** Pages of interviews' entries, gathered across concurrent requests (see coalescedReads): one query a page size. */
  private readonly pages = coalescedReads(async (keys: readonly InterviewPage[]) => {
    const bySize = new Map<string, { skip: number; limit: number; ids: ObjectId[] }>();
    for (const { interviewId, skip, limit } of keys) {
      const size = `${skip}:${limit}`;
      const group = bySize.get(size) ?? { skip, limit, ids: [] };
      group.ids.push(interviewId);
      bySize.set(size, group);
    }
    const found = new Map<string, AnswerDocument[]>();
    await Promise.all(
      [...bySize].map(async ([size, { skip, limit, ids }]) => {
        const entries = await this.collection
          .find({ interview_id: { $in: ids }, position: { $gt: skip, $lte: skip + limit } })
          .sort({ interview_id: 1, position: 1 })
          .toArray();
        for (const entry of entries) {
          const key = `${entry.interview_id.toHexString()}:${size}`;
          const list = found.get(key) ?? [];
          list.push(entry);
          found.set(key, list);
        }
      }),
    );
    // Each key its own array (the entries in it may be shared with another request's: never modified).
    return keys.map(({ interviewId, skip, limit }) => [
      ...(found.get(`${interviewId.toHexString()}:${skip}:${limit}`) ?? []),
    ]);
  });

  /** How many entries each of these interviews has (interviews without entries are left out). */
  async countByInterviews(interviewIds: readonly ObjectId[]): Promise<Map<string, number>> {
    const counts = await this.collection
      .aggregate<{ _id: ObjectId; count: number }>([
        { $match: { interview_id: { $in: [...interviewIds] } } },
        { $group: { _id: '$interview_id', count: { $sum: 1 } } },
      ])
      .toArray();
    return new Map(counts.map((entry) => [entry._id.toHexString(), entry.count]));
  }

  /** How many entries this person asks or answers in (a speaker still in use is not deleted). */
  countEntriesOfSpeaker(session: ClientSession, speakerId: ObjectId): Promise<number> {
    return this.collection.countDocuments(
      { $or: [{ speaker_id: speakerId }, { questioner_id: speakerId }] },
      { session },
    );
  }

  /** Deletes every entry of an interview inside the caller's transaction; returns them as they were. */
  async deleteAllOfInterview(session: ClientSession, interviewId: ObjectId): Promise<AnswerDocument[]> {
    const entries = await this.collection.find({ interview_id: interviewId }, { session }).toArray();
    await this.collection.deleteMany({ interview_id: interviewId }, { session });
    return entries;
  }

  /** Stores an import's entries inside its transaction, in bounded batches; revisions are the import's. */
  async insertImportedEntries(session: ClientSession, entries: AnswerDocument[]): Promise<void> {
    await insertInBatches(this.collection, entries, session);
  }

  /** Entries given by any of these speakers, visible to the caller, newest interviews' first; `page` slices. */
  async bySpeakers(
    speakerIds: readonly ObjectId[],
    visibility: Visibility,
    page?: { skip: number; limit: number },
  ): Promise<AnswerDocument[]> {
    const cursor = this.collection
      .find({ speaker_id: { $in: [...speakerIds] }, ...(await this.visible(visibility)) })
      .sort({ interview_id: 1, position: 1 });
    return (page ? cursor.skip(page.skip).limit(page.limit) : cursor).toArray();
  }

  async list(filter: AnswerFilterInput | undefined, page: Page, sort: Sort, visibility: Visibility) {
    const order = matchOrder(sort);
    const matches = order && (await this.searchMatches(filter, visibility));
    if (order && matches) {
      // Ordered and paged over the search's records; only the page's documents are read.
      const pageIds = matches
        .sort(order)
        .slice(page.skip, page.skip + page.limit)
        .map((match) => new ObjectId(match.id));
      if (pageIds.length === 0) return [];
      const query = await this.toQuery({ ...filter, q: undefined, ids: undefined }, visibility);
      const docs = await this.collection.find({ $and: [query, { _id: { $in: pageIds } }] }).toArray();
      const byId = new Map(docs.map((doc) => [doc._id.toHexString(), doc]));
      return pageIds.flatMap((id) => byId.get(id.toHexString()) ?? []);
    }
    const query = await this.toQuery(filter, visibility);
    return this.collection.find(query).sort(sort).skip(page.skip).limit(page.limit).toArray();
  }

  async count(filter: AnswerFilterInput | undefined, visibility: Visibility): Promise<number> {
    const matches = await this.searchMatches(filter, visibility);
    if (matches) return matches.length;
    return this.collection.countDocuments(await this.toQuery(filter, visibility));
  }

  /**
   * For a list filtered by `q` once the search is ready: the matches that also pass the rest of the filter,
   * when the search's records hold everything it names; null otherwise (the database query answers).
   */
  private async searchMatches(
    filter: AnswerFilterInput | undefined,
    visibility: Visibility,
  ): Promise<EntryMatch[] | null> {
    const q = filter?.q?.trim();
    if (!q || !this.entrySearch?.ready) return null;
    const passes = matchFilter(filter ?? {});
    if (!passes) return null;
    return (await this.matchingQEntries(this.entrySearch, q, visibility)).filter(passes);
  }

  private matchingQEntries(search: EntrySearch, q: string, visibility: Visibility) {
    return search.matchingEntries(q, visibility, MAX_Q_MATCHES).catch((error) => {
      throw error instanceof InvalidInputError ? badUserInput('filter.q', error.reason) : error;
    });
  }

  async create(args: NewAnswerInput, userId: ObjectId): Promise<AnswerDocument> {
    const interviewId = parseId('interview_id', args.interview_id);
    const content = await this.validContent(args, true);
    return inTransaction(this.client, async (session) => {
      const interview = await this.requireInterview(session, interviewId);
      checkSection(interview, content.section);
      const total = await countEntries(this.collection, session, interviewId);
      const position = args.position ?? total + 1;
      if (!Number.isInteger(position) || position < 1 || position > total + 1) {
        throw badUserInput('position', `must be between 1 and ${total + 1}`);
      }
      await shiftPositions(this.collection, session, interviewId, { from: position }, +1);
      const doc: AnswerDocument = {
        _id: new ObjectId(),
        interview_id: interviewId,
        position,
        ...(content as AnswerContent),
        ...newVersionedFields(userId),
      };
      await this.collection.insertOne(doc, { session });
      await this.revisionWriter.record(session, {
        entity: 'ANSWER',
        entity_id: doc._id,
        interview_id: interviewId,
        version: 1,
        action: 'CREATE',
        user_id: userId,
        before: null,
        after: { ...answerContent(doc), position },
      });
      await this.refreshSpeakers(session, interviewId);
      return doc;
    });
  }

  async update(args: AnswerChanges, userId: ObjectId): Promise<AnswerDocument> {
    const id = parseId('id', args.id);
    const patch = { ...(await this.validContent(args, false)), ...validTimes(args) };
    return inTransaction(this.client, async (session) => {
      const current = await this.collection.findOne({ _id: id }, { session });
      if (current && patch.section !== undefined) {
        checkSection(await this.requireInterview(session, current.interview_id), patch.section);
      }
      const updated = await this.applyUpdate(
        session,
        id,
        args.version,
        patch,
        userId,
        'UPDATE',
        args.baseVersion,
      );
      if (patch.speaker_id !== undefined || patch.questioner_id !== undefined) {
        await this.refreshSpeakers(session, updated.interview_id);
      }
      return updated;
    });
  }

  async delete(id: ObjectId, userId: ObjectId): Promise<AnswerDocument> {
    return inTransaction(this.client, async (session) => {
      const current = await this.collection.findOne({ _id: id }, { session });
      if (!current) throw notFound('Answer', id.toHexString());
      await this.collection.deleteOne({ _id: id }, { session });
      await shiftPositions(
        this.collection,
        session,
        current.interview_id,
        { from: current.position + 1 },
        -1,
      );
      await this.revisionWriter.record(session, {
        entity: 'ANSWER',
        entity_id: id,
        interview_id: current.interview_id,
        version: current.version + 1,
        action: 'DELETE',
        user_id: userId,
        before: { ...answerContent(current), position: current.position },
        after: null,
      });
      await this.entryObserver?.entryDeleted(session, current, userId);
      await this.refreshSpeakers(session, current.interview_id);
      return current;
    });
  }

  /**
   * Moves an entry to another position; the entries in between close up or make room. Moved across a
   * section boundary, it takes the section of the entries it moved past (the neighbour on the side it came
   * from), so sections stay contiguous; the MOVE revision records the section change with the position.
   */
  async move(
    id: ObjectId,
    position: number,
    version: number | null,
    userId: ObjectId,
  ): Promise<AnswerDocument> {
    return inTransaction(this.client, async (session) => {
      const current = await this.requireAnswer(session, id, version);
      const total = await countEntries(this.collection, session, current.interview_id);
      if (!Number.isInteger(position) || position < 1 || position > total) {
        throw badUserInput('position', `must be between 1 and ${total}`);
      }
      if (position === current.position) return current;
      const passed = await this.collection.findOne(
        { interview_id: current.interview_id, position },
        { session, projection: { section: 1 } },
      );
      const section = passed ? passed.section : current.section;
      const sectionChanged = !sameValue(section, current.section);
      await this.collection.updateOne({ _id: id }, { $set: { position: 0 } }, { session });
      if (position < current.position) {
        await shiftPositions(
          this.collection,
          session,
          current.interview_id,
          { from: position, to: current.position - 1 },
          +1,
        );
      } else {
        await shiftPositions(
          this.collection,
          session,
          current.interview_id,
          { from: current.position + 1, to: position },
          -1,
        );
      }
      const moved = await this.collection.findOneAndUpdate(
        { _id: id },
        {
          $set: { position, section, updatedAt: new Date(), updatedBy: userId },
          $inc: { version: 1 },
        },
        { session, returnDocument: 'after' },
      );
      if (!moved) throw notFound('Answer', id.toHexString());
      await this.revisionWriter.record(session, {
        entity: 'ANSWER',
        entity_id: id,
        interview_id: current.interview_id,
        version: moved.version,
        action: 'MOVE',
        user_id: userId,
        before: { position: current.position, ...(sectionChanged ? { section: current.section } : {}) },
        after: { position, ...(sectionChanged ? { section } : {}) },
      });
      return moved;
    });
  }

  /**
   * Splits an entry in two at a character offset of its text: the first part stays, the rest becomes
   * a new entry right after it with the same speakers and section, marked as a continuation: its question
   * is empty, so readers do not see the question twice.
   */
  async split(
    id: ObjectId,
    offset: number,
    version: number | null,
    userId: ObjectId,
  ): Promise<{ first: AnswerDocument; second: AnswerDocument }> {
    return inTransaction(this.client, async (session) => {
      const current = await this.requireAnswer(session, id, version);
      const { text } = current;
      if (!Number.isInteger(offset) || offset <= 0 || offset >= text.length) {
        throw badUserInput('offset', `must be inside the text (1 to ${text.length - 1})`);
      }
      if (isLowSurrogate(text.charCodeAt(offset)))
        throw badUserInput('offset', 'must not split a character in two');
      const head = text.slice(0, offset).trimEnd();
      const tail = text.slice(offset).trimStart();
      if (!head || !tail) throw badUserInput('offset', 'both parts of a split must contain text');

      await shiftPositions(
        this.collection,
        session,
        current.interview_id,
        { from: current.position + 1 },
        +1,
      );
      const first = await this.applyUpdate(session, id, null, { text: head }, userId, 'SPLIT');
      const second: AnswerDocument = {
        ...current,
        _id: new ObjectId(),
        position: current.position + 1,
        question: '',
        text: tail,
        continuation: true,
        ...newVersionedFields(userId),
      };
      await this.collection.insertOne(second, { session });
      await this.revisionWriter.record(session, {
        entity: 'ANSWER',
        entity_id: second._id,
        interview_id: current.interview_id,
        version: 1,
        action: 'SPLIT',
        user_id: userId,
        before: null,
        after: { ...answerContent(second), position: second.position, continuation: true, splitFrom: id },
      });
      await this.entryObserver?.entrySplit(session, first, second, userId);
      return { first, second };
    });
  }

  /**
   * Merges adjacent entries of one interview into the first: answers joined paragraph by paragraph,
   * and any differing question of a later entry kept after the first's, so no text is lost.
   */
  async merge(ids: readonly ObjectId[], userId: ObjectId): Promise<AnswerDocument> {
    if (ids.length < 2) throw badUserInput('ids', 'name at least two entries to merge');
    if (new Set(ids.map((id) => id.toHexString())).size !== ids.length)
      throw badUserInput('ids', 'names an entry twice');
    return inTransaction(this.client, async (session) => {
      const entries = await this.collection.find({ _id: { $in: [...ids] } }, { session }).toArray();
      if (entries.length !== ids.length) {
        const found = new Set(entries.map((e) => e._id.toHexString()));
        throw notFound('Answer', ids.find((id) => !found.has(id.toHexString()))!.toHexString());
      }
      const interviewId = entries[0].interview_id;
      if (entries.some((e) => !e.interview_id.equals(interviewId))) {
        throw badUserInput('ids', 'entries of different interviews cannot be merged');
      }
      entries.sort((a, b) => a.position - b.position);
      if (entries.some((e, i) => i > 0 && e.position !== entries[i - 1].position + 1)) {
        throw badUserInput('ids', 'only adjacent entries can be merged');
      }
      const [kept, ...absorbed] = entries;
      for (const field of ['speaker_id', 'questioner_id', 'section'] as const) {
        if (absorbed.some((entry) => !sameValue(entry[field], kept[field]))) {
          // Merging would credit one person's words to another (or move text across sections).
          throw badUserInput('ids', `entries with different ${field.replace('_id', '')}s cannot be merged`);
        }
      }
      const questions = [kept.question];
      for (const entry of absorbed) {
        if (entry.question.trim() && !questions.includes(entry.question)) questions.push(entry.question);
      }
      await this.collection.deleteMany({ _id: { $in: absorbed.map((e) => e._id) } }, { session });
      const last = entries[entries.length - 1].position;
      await shiftPositions(this.collection, session, interviewId, { from: last + 1 }, -absorbed.length);
      const merged = await this.applyUpdate(
        session,
        kept._id,
        null,
        { text: entries.map((e) => e.text).join('\n\n'), question: questions.join('\n\n') },
        userId,
        'MERGE',
      );
      await this.revisionWriter.record(
        session,
        absorbed.map((entry) => ({
          entity: 'ANSWER' as const,
          entity_id: entry._id,
          interview_id: interviewId,
          version: entry.version + 1,
          action: 'MERGE' as const,
          user_id: userId,
          before: { ...answerContent(entry), position: entry.position },
          after: { mergedInto: kept._id },
        })),
      );
      await this.entryObserver?.entriesMerged(session, merged, absorbed, userId);
      await this.refreshSpeakers(session, interviewId);
      return merged;
    });
  }

  /**
   * Restores the entry's content as it was right after `revisionId`, as a new change (itself revisioned).
   * The state is rebuilt by undoing, newest first, every later revision of the entry.
   */
  async revert(
    id: ObjectId,
    revisionId: ObjectId,
    version: number | null,
    userId: ObjectId,
  ): Promise<AnswerDocument> {
    return inTransaction(this.client, async (session) => {
      const current = await this.requireAnswer(session, id, version);
      const target = await this.revisions.getInSession(session, revisionId);
      if (!target || !target.entity_id.equals(id)) throw notFound('Revision', revisionId.toHexString());
      const later = await this.revisionWriter.laterThan(session, 'ANSWER', id, target.version);
      const state: Record<string, unknown> = {
        ...answerContent(current),
        continuation: current.continuation,
      };
      for (const revision of later) {
        for (const field of RESTORED_FIELDS) {
          if (revision.before && field in revision.before) state[field] = revision.before[field];
        }
      }
      const patch: Partial<AnswerDocument> = {};
      for (const field of RESTORED_FIELDS) {
        if (!sameValue(state[field], current[field])) Object.assign(patch, { [field]: state[field] });
      }
      if (patch.section)
        checkSection(await this.requireInterview(session, current.interview_id), patch.section);
      for (const field of ['speaker_id', 'questioner_id'] as const) {
        const speakerId = patch[field];
        if (speakerId && !(await this.speakers.exists(speakerId, session))) {
          throw badUserInput('revision_id', `that version names a speaker who no longer exists (${field})`);
        }
      }
      const reverted = await this.applyUpdate(session, id, current.version, patch, userId, 'REVERT');
      if (patch.speaker_id !== undefined || patch.questioner_id !== undefined) {
        await this.refreshSpeakers(session, current.interview_id);
      }
      return reverted;
    });
  }

  /** Every place `find` occurs in an interview's questions and answers, in transcript order, with context. */
  async findInTranscript(
    interviewIdText: string,
    find: string,
    options: FindOptions,
  ): Promise<TranscriptMatch[]> {
    const interviewId = parseId('interview_id', interviewIdText);
    const pattern = findPattern(find, options);
    if (!(await this.interviews.get(interviewId, { includeDrafts: true }))) {
      throw badUserInput('interview_id', `no interview ${interviewIdText}`);
    }
    const entries = await this.collection.find({ interview_id: interviewId }).sort({ position: 1 }).toArray();
    const found: TranscriptMatch[] = [];
    for (const entry of entries) {
      for (const match of matchesIn(entry, pattern)) {
        found.push({ entry, match, ...contextOf(entry[match.field], match) });
      }
    }
    if (found.length > MAX_MATCHES) {
      throw badUserInput('find', `occurs more than ${MAX_MATCHES} times: search for something longer`);
    }
    return found;
  }

  /**
   * Replaces `find` in an interview's entries, all of it one transaction (one operation id): one versioned
   * change per entry, each revisioned. With `chosen` only those matches are replaced, and each entry must
   * still be at the version the editor previewed (else CONFLICT, nothing written); without, every match.
   */
  async replaceInTranscript(
    request: ReplaceRequest,
    userId: ObjectId,
  ): Promise<{ operationId: ObjectId | null; entries: AnswerDocument[]; replaced: number }> {
    const interviewId = parseId('interview_id', request.interview_id);
    const pattern = findPattern(request.find, request.options ?? {});
    if (typeof request.replace !== 'string') throw badUserInput('replace', 'must be text');
    if (request.replace.length > FIND_MAX_LENGTH) {
      throw badUserInput('replace', `must be at most ${FIND_MAX_LENGTH} characters`);
    }
    const chosen = request.matches ? validChosenMatches(request.matches) : null;
    return inTransaction(this.client, async (session) => {
      await this.requireInterview(session, interviewId);
      const entries = await this.collection
        .find({ interview_id: interviewId }, { session })
        .sort({ position: 1 })
        .toArray();
      const byId = new Map(entries.map((entry) => [entry._id.toHexString(), entry]));
      const replacements = new Map<string, FieldMatch[]>();
      if (chosen) {
        for (const [answerId, { version, matches }] of chosen) {
          const entry = byId.get(answerId);
          if (!entry) throw badUserInput('matches.answer_id', `no entry ${answerId} in this interview`);
          if (entry.version !== version) throw conflict('Answer', answerId, version, entry);
          const available = matchesIn(entry, pattern);
          replacements.set(
            answerId,
            matches.map((wanted) => {
              const match = available.find((m) => m.field === wanted.field && m.start === wanted.start);
              if (!match) {
                throw badUserInput(
                  'matches.start',
                  `entry ${entry.position} has no match in its ${wanted.field} at ${wanted.start}`,
                );
              }
              return match;
            }),
          );
        }
      } else {
        for (const entry of entries) {
          const found = matchesIn(entry, pattern);
          if (found.length) replacements.set(entry._id.toHexString(), found);
        }
      }
      const total = [...replacements.values()].reduce((sum, matches) => sum + matches.length, 0);
      if (total > MAX_MATCHES) {
        throw badUserInput('find', `occurs more than ${MAX_MATCHES} times: search for something longer`);
      }
      const changed: AnswerDocument[] = [];
      for (const entry of entries) {
        const matches = replacements.get(entry._id.toHexString());
        if (!matches?.length) continue;
        const patch: Partial<AnswerContent> = {};
        for (const field of SEARCHED_FIELDS) {
          const inField = matches.filter((match) => match.field === field);
          if (!inField.length) continue;
          patch[field] = requiredText('replace', replaceMatches(entry[field], inField, request.replace), {
            max: ANSWER_LIMITS[field],
            allowEmpty: field === 'question',
          });
        }
        changed.push(await this.applyUpdate(session, entry._id, entry.version, patch, userId, 'UPDATE'));
      }
      return { operationId: this.revisionWriter.operationIdOf(session), entries: changed, replaced: total };
    });
  }

  /**
   * Undoes an operation that changed entries' fields (a find and replace, a save, a restore) in one step:
   * every entry it changed gets its fields back, as one new operation. Refused with CONFLICT when any of
   * them changed since; operations that moved, split, merged, created or deleted entries are not undone here.
   */
  async undoOperation(
    operationId: ObjectId,
    userId: ObjectId,
  ): Promise<{ operationId: ObjectId | null; entries: AnswerDocument[] }> {
    return inTransaction(this.client, async (session) => {
      const revisions = await this.revisionWriter.ofOperation(session, operationId);
      if (revisions.length === 0) throw notFound('Operation', operationId.toHexString());
      if (
        revisions.some(
          (revision) =>
            revision.entity !== 'ANSWER' ||
            !UNDOABLE_ACTIONS.has(revision.action) ||
            !revision.before ||
            !revision.after,
        )
      ) {
        throw badUserInput(
          'operation_id',
          "only changes to entries' fields can be undone this way (not moves, splits, merges, imports)",
        );
      }
      const byEntry = new Map<string, RevisionDocument[]>();
      for (const revision of revisions) {
        const key = revision.entity_id.toHexString();
        byEntry.set(key, [...(byEntry.get(key) ?? []), revision]);
      }
      const restored: AnswerDocument[] = [];
      let speakersChanged = false;
      let interviewId: ObjectId | null = null;
      for (const entryRevisions of byEntry.values()) {
        // Newest first: the oldest revision's "before" is what the entry had before the operation.
        const current = await this.requireAnswer(
          session,
          entryRevisions[0].entity_id,
          entryRevisions[0].version,
        );
        interviewId = current.interview_id;
        const patch: Partial<AnswerDocument> = {};
        for (const revision of entryRevisions) {
          for (const field of RESTORED_FIELDS) {
            if (revision.before && field in revision.before) {
              Object.assign(patch, { [field]: revision.before[field] });
            }
          }
        }
        if (patch.section) {
          checkSection(await this.requireInterview(session, current.interview_id), patch.section);
        }
        for (const field of ['speaker_id', 'questioner_id'] as const) {
          const speakerId = patch[field];
          if (speakerId === undefined) continue;
          speakersChanged = true;
          if (speakerId && !(await this.speakers.exists(speakerId, session))) {
            throw badUserInput('operation_id', `a speaker it would restore no longer exists (${field})`);
          }
        }
        restored.push(await this.applyUpdate(session, current._id, current.version, patch, userId, 'REVERT'));
      }
      if (speakersChanged && interviewId) await this.refreshSpeakers(session, interviewId);
      restored.sort((a, b) => a.position - b.position);
      return { operationId: this.revisionWriter.operationIdOf(session), entries: restored };
    });
  }

  private async applyUpdate(
    session: ClientSession,
    id: ObjectId,
    version: number | null,
    patch: Partial<AnswerDocument>,
    userId: ObjectId,
    action: 'UPDATE' | 'SPLIT' | 'MERGE' | 'REVERT',
    baseVersion?: number | null,
  ): Promise<AnswerDocument> {
    const observing = this.entryObserver && action !== 'SPLIT' && action !== 'MERGE';
    const writesQuestion = typeof patch.question === 'string' && patch.question.trim() !== '';
    const before =
      observing || writesQuestion ? await this.collection.findOne({ _id: id }, { session }) : null;
    // An entry that asks its own question no longer continues the one before it (same change, same revision).
    const written = writesQuestion && before?.continuation ? { continuation: false, ...patch } : patch;
    const updated = await applyVersionedUpdate<AnswerDocument>({
      collection: this.collection,
      session,
      revisions: this.revisionWriter,
      entity: 'ANSWER',
      label: 'Answer',
      id,
      expectedVersion: version,
      patch: written,
      userId,
      action,
      interviewIdOf: (doc) => doc.interview_id,
      baseVersion,
      textFields: ANSWER_TEXT_FIELDS,
    });
    if (observing && before) await this.entryObserver?.entryChanged(session, before, updated, userId);
    return updated;
  }

  private async requireAnswer(
    session: ClientSession,
    id: ObjectId,
    version: number | null,
  ): Promise<AnswerDocument> {
    return loadAtVersion<AnswerDocument>({
      collection: this.collection,
      session,
      id,
      expectedVersion: version,
      label: 'Answer',
    });
  }

  private async requireInterview(session: ClientSession, id: ObjectId): Promise<InterviewDocument> {
    const interview = await this.interviews.getInSession(session, id);
    if (!interview) throw badUserInput('interview_id', `no interview ${id.toHexString()}`);
    return interview;
  }

  /** Validated content fields; on update, only those given. Speaker ids must name existing speakers. */
  private async validContent(
    input: Partial<Record<keyof AnswerContent, string | null | undefined>>,
    creating: boolean,
  ): Promise<Partial<AnswerContent>> {
    const content = definedOnly<Partial<AnswerContent>>({
      question:
        input.question === undefined && !creating
          ? undefined
          : // An entry that continues the previous answer has no question; a new one asks something.
            requiredText('question', input.question ?? '', {
              max: ANSWER_LIMITS.question,
              allowEmpty: !creating,
            }),
      text:
        input.text === undefined && !creating
          ? undefined
          : requiredText('text', input.text ?? '', { max: ANSWER_LIMITS.text }),
      section:
        input.section === undefined
          ? creating
            ? null
            : undefined
          : input.section === null || input.section.trim() === ''
            ? null
            : requiredText('section', input.section, { max: ANSWER_LIMITS.section }),
      speaker_id: await this.speakerRef('speaker_id', input.speaker_id, creating),
      questioner_id: await this.speakerRef('questioner_id', input.questioner_id, creating),
    });
    if (!creating && content.text === null) throw badUserInput('text', 'must not be empty');
    return content;
  }

  private async speakerRef(field: string, value: string | null | undefined, creating: boolean) {
    if (value === undefined) return creating ? null : undefined;
    if (value === null || value === '') return null;
    const id = parseId(field, value);
    if (!(await this.speakers.exists(id))) throw badUserInput(field, `no speaker ${value}`);
    return id;
  }

  /**
   * Who asks (the interviewers) and who answers (the interviewees) in an interview, in order of first
   * appearance; someone who both asks and answers is put where they do it more often.
   */
  async rolesInInterview(
    interviewId: ObjectId,
  ): Promise<{ interviewerIds: ObjectId[]; intervieweeIds: ObjectId[] }> {
    const entries = await this.collection
      .find({ interview_id: interviewId }, { projection: { speaker_id: 1, questioner_id: 1 } })
      .sort({ position: 1 })
      .toArray();
    const people = new Map<string, { id: ObjectId; asks: number; answers: number }>();
    const count = (id: ObjectId | null, role: 'asks' | 'answers') => {
      if (!id) return;
      const person = people.get(id.toHexString()) ?? { id, asks: 0, answers: 0 };
      person[role] += 1;
      people.set(id.toHexString(), person);
    };
    for (const entry of entries) {
      count(entry.questioner_id, 'asks');
      count(entry.speaker_id, 'answers');
    }
    const all = [...people.values()];
    return {
      interviewerIds: all.filter((p) => p.asks > p.answers).map((p) => p.id),
      intervieweeIds: all.filter((p) => p.asks <= p.answers).map((p) => p.id),
    };
  }

  /** Keeps the interview's speaker_ids equal to the people who ask or answer in its entries. */
  private async refreshSpeakers(session: ClientSession, interviewId: ObjectId): Promise<void> {
    const entries = await this.collection
      .find({ interview_id: interviewId }, { session, projection: { speaker_id: 1, questioner_id: 1 } })
      .toArray();
    const ids = new Map<string, ObjectId>();
    for (const entry of entries) {
      for (const id of [entry.questioner_id, entry.speaker_id]) if (id) ids.set(id.toHexString(), id);
    }
    await this.interviews.setSpeakers(session, interviewId, [...ids.values()]);
  }

  private async visible(visibility: Visibility): Promise<Filter<AnswerDocument>> {
    return visibility.includeDrafts ? {} : { interview_id: { $in: await this.interviews.publishedIds() } };
  }

  /** `q` as the search understands it (words, phrases, prefixes, folding), or literally while it is not ready. */
  private async matchingQ(q: string, visibility: Visibility): Promise<Filter<AnswerDocument>> {
    if (this.entrySearch?.ready) {
      const matches = await this.matchingQEntries(this.entrySearch, q, visibility);
      return { _id: { $in: matches.map((match) => new ObjectId(match.id)) } };
    }
    const pattern = literalContains(q);
    return { $or: [{ question: pattern }, { text: pattern }] };
  }

  private async toQuery(
    filter: AnswerFilterInput | undefined,
    visibility: Visibility,
  ): Promise<Filter<AnswerDocument>> {
    const clauses: Filter<AnswerDocument>[] = [await this.visible(visibility)];
    if (filter?.ids) clauses.push({ _id: { $in: parseIds('filter.ids', filter.ids) } });
    if (filter?.interview_id !== undefined)
      clauses.push({ interview_id: parseId('filter.interview_id', filter.interview_id) });
    if (filter?.speaker_id !== undefined)
      clauses.push({ speaker_id: parseId('filter.speaker_id', filter.speaker_id) });
    if (filter?.questioner_id !== undefined) {
      clauses.push({ questioner_id: parseId('filter.questioner_id', filter.questioner_id) });
    }
    if (filter?.section !== undefined) clauses.push({ section: String(filter.section) });
    const position: { $gte?: number; $lte?: number } = {};
    if (filter?.position_gte !== undefined) position.$gte = filter.position_gte;
    if (filter?.position_lte !== undefined) position.$lte = filter.position_lte;
    if (Object.keys(position).length) clauses.push({ position });
    const updatedAt: { $gte?: Date; $lte?: Date } = {};
    if (filter?.updatedAt_gte) updatedAt.$gte = filter.updatedAt_gte;
    if (filter?.updatedAt_lte) updatedAt.$lte = filter.updatedAt_lte;
    if (Object.keys(updatedAt).length) clauses.push({ updatedAt });
    if (filter?.q?.trim()) clauses.push(await this.matchingQ(filter.q, visibility));
    const nonEmpty = clauses.filter((c) => Object.keys(c).length > 0);
    return nonEmpty.length === 0 ? {} : nonEmpty.length === 1 ? nonEmpty[0] : { $and: nonEmpty };
  }
}

function checkSection(interview: InterviewDocument, section: string | null | undefined): void {
  if (section && !interview.sections.includes(section)) {
    throw badUserInput(
      'section',
      `"${section}" is not a section of this interview (${interview.sections.join(', ') || 'none'})`,
    );
  }
}

/** The chosen matches by entry, each entry with the version the editor previewed. */
function validChosenMatches(
  matches: readonly ChosenMatch[],
): Map<string, { version: number; matches: { field: SearchedField; start: number }[] }> {
  if (matches.length === 0) throw badUserInput('matches', 'choose at least one match to replace');
  const byEntry = new Map<string, { version: number; matches: { field: SearchedField; start: number }[] }>();
  for (const match of matches) {
    const answerId = parseId('matches.answer_id', match.answer_id).toHexString();
    if (!(SEARCHED_FIELDS as readonly string[]).includes(match.field)) {
      throw badUserInput('matches.field', `must be one of ${SEARCHED_FIELDS.join(', ')}`);
    }
    if (!Number.isInteger(match.start) || match.start < 0) {
      throw badUserInput('matches.start', 'must be a character offset (0 or more)');
    }
    const entry = byEntry.get(answerId) ?? { version: match.version, matches: [] };
    if (entry.version !== match.version) {
      throw badUserInput('matches.version', `names two versions of entry ${answerId}`);
    }
    if (entry.matches.some((m) => m.field === match.field && m.start === match.start)) {
      throw badUserInput('matches', 'names one match twice');
    }
    entry.matches.push({ field: match.field as SearchedField, start: match.start });
    byEntry.set(answerId, entry);
  }
  return byEntry;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
