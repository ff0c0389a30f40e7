import { ClientSession, Collection, Db, Filter, MongoClient, ObjectId, Sort } from 'mongodb';
import { Collections } from '../db/collections';
import { badUserInput, notFound } from '../shared/errors';
import type { InterviewDocument } from '../interviews/interview.model';
import type { InterviewService, Visibility } from '../interviews/interview.service';
import type { RevisionDocument } from '../revisions/revision.model';
import type { RevisionWriter } from '../revisions/revision.writer';
import { parseId, parseIds } from '../shared/mongo/ids';
import type { Page } from '../shared/list-query';
import { literalContains } from '../shared/text';
import { inTransaction } from '../shared/mongo/transaction';
import { definedOnly, requiredText } from '../shared/validate';
import { newVersionedFields, sameValue } from '../shared/versioned';
import { applyVersionedUpdate, loadAtVersion } from '../shared/mongo/versioned-update';
import type { AnswerFilter, CreateAnswerArgs, UpdateAnswerArgs } from './answer.inputs';
import { ANSWER_CONTENT_FIELDS, AnswerContent, answerContent, AnswerDocument } from './answer.model';
import { countEntries, shiftPositions } from './positions';

export const ANSWER_LIMITS = { question: 20_000, text: 200_000, section: 500 };
/** Merged word by word when two editors change them from the same version. */
const ANSWER_TEXT_FIELDS = ['question', 'text'] as const;

export class AnswerService {
  readonly collection: Collection<AnswerDocument>;
  private readonly revisionsCollection: Collection<RevisionDocument>;

  constructor(
    private readonly client: MongoClient,
    db: Db,
    private readonly revisions: RevisionWriter,
    private readonly interviews: InterviewService,
  ) {
    this.collection = db.collection<AnswerDocument>(Collections.answers);
    this.revisionsCollection = db.collection<RevisionDocument>(Collections.revisions);
  }

  async get(id: ObjectId, visibility: Visibility): Promise<AnswerDocument | null> {
    const doc = await this.collection.findOne({ _id: id });
    if (!doc || visibility.includeDrafts) return doc;
    return (await this.interviews.get(doc.interview_id, visibility)) ? doc : null;
  }

  async getMany(ids: readonly ObjectId[], visibility: Visibility): Promise<AnswerDocument[]> {
    return this.collection.find({ _id: { $in: [...ids] }, ...(await this.visible(visibility)) }).toArray();
  }

  /** Up to `limit` entries after `afterId` in id order, drafts' included: how the search index reads them all. */
  inIdOrder(afterId: ObjectId | null, limit: number): Promise<AnswerDocument[]> {
    return this.collection
      .find(afterId ? { _id: { $gt: afterId } } : {})
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** The entries of several interviews in one query, in transcript order (for DataLoader). */
  byInterviews(interviewIds: readonly ObjectId[]): Promise<AnswerDocument[]> {
    return this.collection
      .find({ interview_id: { $in: [...interviewIds] } })
      .sort({ interview_id: 1, position: 1 })
      .toArray();
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

  async list(filter: AnswerFilter | undefined, page: Page, sort: Sort, visibility: Visibility) {
    const query = await this.toQuery(filter, visibility);
    return this.collection.find(query).sort(sort).skip(page.skip).limit(page.limit).toArray();
  }

  async count(filter: AnswerFilter | undefined, visibility: Visibility): Promise<number> {
    return this.collection.countDocuments(await this.toQuery(filter, visibility));
  }

  async create(args: CreateAnswerArgs, userId: ObjectId): Promise<AnswerDocument> {
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
      await this.revisions.record(session, {
        entity: 'ANSWER',
        entity_id: doc._id,
        interview_id: interviewId,
        version: 1,
        action: 'CREATE',
        user_id: userId,
        before: null,
        after: { ...answerContent(doc), position },
      });
      await this.interviews.refreshSpeakers(session, interviewId);
      return doc;
    });
  }

  async update(args: UpdateAnswerArgs, userId: ObjectId): Promise<AnswerDocument> {
    const id = parseId('id', args.id);
    const patch = await this.validContent(args, false);
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
        await this.interviews.refreshSpeakers(session, updated.interview_id);
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
      await this.revisions.record(session, {
        entity: 'ANSWER',
        entity_id: id,
        interview_id: current.interview_id,
        version: current.version + 1,
        action: 'DELETE',
        user_id: userId,
        before: { ...answerContent(current), position: current.position },
        after: null,
      });
      await this.interviews.refreshSpeakers(session, current.interview_id);
      return current;
    });
  }

  /** Moves an entry to another position; the entries in between close up or make room. */
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
        { $set: { position, updatedAt: new Date(), updatedBy: userId }, $inc: { version: 1 } },
        { session, returnDocument: 'after' },
      );
      if (!moved) throw notFound('Answer', id.toHexString());
      await this.revisions.record(session, {
        entity: 'ANSWER',
        entity_id: id,
        interview_id: current.interview_id,
        version: moved.version,
        action: 'MOVE',
        user_id: userId,
        before: { position: current.position },
        after: { position },
      });
      return moved;
    });
  }

  /**
   * Splits an entry in two at a character offset of its text: the first part stays, the rest becomes
   * a new entry right after it with the same question, speakers and section.
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
        text: tail,
        ...newVersionedFields(userId),
      };
      await this.collection.insertOne(second, { session });
      await this.revisions.record(session, {
        entity: 'ANSWER',
        entity_id: second._id,
        interview_id: current.interview_id,
        version: 1,
        action: 'SPLIT',
        user_id: userId,
        before: null,
        after: { ...answerContent(second), position: second.position, splitFrom: id },
      });
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
      await this.revisions.record(
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
      await this.interviews.refreshSpeakers(session, interviewId);
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
      const target = await this.revisionsCollection.findOne({ _id: revisionId }, { session });
      if (!target || !target.entity_id.equals(id)) throw notFound('Revision', revisionId.toHexString());
      const later = await this.revisionsCollection
        .find({ entity: 'ANSWER', entity_id: id, version: { $gt: target.version } }, { session })
        .sort({ version: -1, createdAt: -1 })
        .toArray();
      const state: Record<string, unknown> = { ...answerContent(current) };
      for (const revision of later) {
        for (const field of ANSWER_CONTENT_FIELDS) {
          if (revision.before && field in revision.before) state[field] = revision.before[field];
        }
      }
      const patch: Partial<AnswerDocument> = {};
      for (const field of ANSWER_CONTENT_FIELDS) {
        if (!sameValue(state[field], current[field])) Object.assign(patch, { [field]: state[field] });
      }
      if (patch.section)
        checkSection(await this.requireInterview(session, current.interview_id), patch.section);
      for (const field of ['speaker_id', 'questioner_id'] as const) {
        const speakerId = patch[field];
        if (speakerId && !(await this.speakerExists(speakerId, session))) {
          throw badUserInput('revision_id', `that version names a speaker who no longer exists (${field})`);
        }
      }
      const reverted = await this.applyUpdate(session, id, current.version, patch, userId, 'REVERT');
      if (patch.speaker_id !== undefined || patch.questioner_id !== undefined) {
        await this.interviews.refreshSpeakers(session, current.interview_id);
      }
      return reverted;
    });
  }

  private applyUpdate(
    session: ClientSession,
    id: ObjectId,
    version: number | null,
    patch: Partial<AnswerDocument>,
    userId: ObjectId,
    action: 'UPDATE' | 'SPLIT' | 'MERGE' | 'REVERT',
    baseVersion?: number | null,
  ): Promise<AnswerDocument> {
    return applyVersionedUpdate<AnswerDocument>({
      collection: this.collection,
      session,
      revisions: this.revisions,
      entity: 'ANSWER',
      label: 'Answer',
      id,
      expectedVersion: version,
      patch,
      userId,
      action,
      interviewIdOf: (doc) => doc.interview_id,
      baseVersion,
      textFields: ANSWER_TEXT_FIELDS,
    });
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
    const interview = await this.interviews.collection.findOne({ _id: id }, { session });
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
          : requiredText('question', input.question ?? '', { max: ANSWER_LIMITS.question }),
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
    if (!creating && (content.question === null || content.text === null))
      throw badUserInput('text', 'must not be empty');
    return content;
  }

  private async speakerRef(field: string, value: string | null | undefined, creating: boolean) {
    if (value === undefined) return creating ? null : undefined;
    if (value === null || value === '') return null;
    const id = parseId(field, value);
    if (!(await this.speakerExists(id))) throw badUserInput(field, `no speaker ${value}`);
    return id;
  }

  private async speakerExists(id: ObjectId, session?: ClientSession): Promise<boolean> {
    const speakers = this.collection.db.collection(Collections.speakers);
    return (await speakers.countDocuments({ _id: id }, { limit: 1, session })) > 0;
  }

  private async visible(visibility: Visibility): Promise<Filter<AnswerDocument>> {
    return visibility.includeDrafts ? {} : { interview_id: { $in: await this.interviews.publishedIds() } };
  }

  private async toQuery(
    filter: AnswerFilter | undefined,
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
    if (filter?.q?.trim()) {
      const pattern = literalContains(filter.q);
      clauses.push({ $or: [{ question: pattern }, { text: pattern }] });
    }
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

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
