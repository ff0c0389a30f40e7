import { ClientSession, Collection, Db, MongoClient, ObjectId } from 'mongodb';
import type { AnswerDocument } from '../answers/answer.model';
import type { AnswerService } from '../answers/answer.service';
import { Collections } from '../db/collections';
import type { InterviewDocument } from '../interviews/interview.model';
import type { InterviewService, Visibility } from '../interviews/interview.service';
import type { RevisionInput, RevisionWriter } from '../revisions/revision.writer';
import { badUserInput, notFound } from '../shared/errors';
import { bestLanguageMatch, languageTag } from '../shared/language';
import { parseId } from '../shared/mongo/ids';
import { inTransaction } from '../shared/mongo/transaction';
import { insertInBatches } from '../shared/mongo/insert-in-batches';
import { alignmentRows, AlignmentRowOf, defaultPairs, PairOf } from './alignment-rows';
import {
  compareWithOriginal,
  type AlignmentPairInput,
  type ParsedEntryForAlignment,
  type TranslationImportPlan,
  type TranslationPreviewResult,
} from './import-comparison';
import type {
  AlignmentPairDocument,
  StaleMarkDocument,
  StaleText,
  TranslationGroupDocument,
} from './translation.model';

/**
 * Asks for the counterpart in the original version, whatever its language. Also the default, so that clients
 * which select every field without arguments (react-admin's stock GraphQL provider) still send valid queries.
 */
export const ORIGINAL_VERSION = 'original';

/** Most entries one side of a pair may hold (a translator splits an entry in two or three, not in fifty). */
export const MAX_PAIR_SIDE = 20;

/** The version a reader asked for, or what they get instead. */
export interface LanguageVersion {
  interview: InterviewDocument;
  requestedLanguage: string | null;
}

export interface AlignmentView {
  original: InterviewDocument;
  translation: InterviewDocument;
  rows: AlignmentRowOf<AnswerDocument, AnswerDocument, StoredPair>[];
}

/** A stored pair with its entries' ids as the rows work with them. */
export interface StoredPair extends PairOf<AnswerDocument, AnswerDocument> {
  id: ObjectId;
}

function contentOf(entry: Pick<AnswerDocument, 'question' | 'text'>): StaleText {
  return { question: entry.question, text: entry.text };
}

function sameText(a: StaleText | null, b: StaleText | null): boolean {
  return a !== null && b !== null && a.question === b.question && a.text === b.text;
}

const hex = (id: ObjectId) => id.toHexString();

/**
 * Translation groups (an original and its versions in other languages), the alignment of each translation's
 * entries with the original's, and the staleness of entries whose counterparts changed. Owns the groups and
 * pairs collections; entries and interviews are reached through their services, in the caller's transaction.
 */
export class TranslationService {
  private readonly groups: Collection<TranslationGroupDocument>;
  private readonly pairs: Collection<AlignmentPairDocument>;

  constructor(
    private readonly client: MongoClient,
    db: Db,
    private readonly revisions: RevisionWriter,
    private readonly interviews: InterviewService,
    private readonly answers: AnswerService,
  ) {
    this.groups = db.collection<TranslationGroupDocument>(Collections.translationGroups);
    this.pairs = db.collection<AlignmentPairDocument>(Collections.alignmentPairs);
  }

  // ---- reads ----

  /** The groups of these interviews (an interview is in at most one). */
  groupsOf(interviewIds: readonly ObjectId[], session?: ClientSession): Promise<TranslationGroupDocument[]> {
    return this.groups.find({ members: { $in: [...interviewIds] } }, { session }).toArray();
  }

  /**
   * `interview(slug, language)`: the version in the requested language if the caller may see it, else the
   * original if visible, else the slug's own version if visible, else any visible version; null when the
   * caller may see none. Without a language the slug's own version, as before.
   */
  async versionBySlug(
    slug: string,
    language: string | null,
    visibility: Visibility,
  ): Promise<LanguageVersion | null> {
    if (language === null) {
      const own = await this.interviews.getBySlug(slug, visibility);
      return own ? { interview: own, requestedLanguage: null } : null;
    }
    const requested = languageTag('language', language);
    const own = await this.interviews.getBySlug(slug, { includeDrafts: true });
    if (!own) return null;
    const versions = await this.visibleVersions(own, visibility);
    const chosen = chooseVersion(own, versions.docs, versions.originalId, requested);
    return chosen ? { interview: chosen, requestedLanguage: requested } : null;
  }

  /** The group's version in `language` (best BCP 47 match) the caller may see, or null: exports by language. */
  async versionInLanguage(
    interview: InterviewDocument,
    language: string,
    visibility: Visibility,
  ): Promise<InterviewDocument | null> {
    const requested = languageTag('language', language);
    const { docs } = await this.visibleVersions(interview, visibility);
    const match = bestLanguageMatch(
      requested,
      docs.map((doc) => doc.language),
    );
    return docs.find((doc) => doc.language === match) ?? null;
  }

  private async visibleVersions(
    interview: InterviewDocument,
    visibility: Visibility,
  ): Promise<{ docs: InterviewDocument[]; originalId: ObjectId }> {
    const [group] = await this.groupsOf([interview._id]);
    if (!group) {
      const visible = visibility.includeDrafts || interview.status === 'PUBLISHED';
      return { docs: visible ? [interview] : [], originalId: interview._id };
    }
    return { docs: await this.interviews.getMany(group.members, visibility), originalId: group.original_id };
  }

  /** The pairs of a translation with its original. */
  pairsOfTranslation(translationId: ObjectId, session?: ClientSession): Promise<AlignmentPairDocument[]> {
    return this.pairs.find({ translation_id: translationId }, { session }).toArray();
  }

  /** Pairs holding any of these entries, on either side. */
  async pairsOfEntries(
    answerIds: readonly ObjectId[],
    session?: ClientSession,
  ): Promise<AlignmentPairDocument[]> {
    const ids = [...answerIds];
    const [asOriginal, asTranslation] = await Promise.all([
      this.pairs.find({ original_ids: { $in: ids } }, { session }).toArray(),
      this.pairs.find({ translation_ids: { $in: ids } }, { session }).toArray(),
    ]);
    const byId = new Map<string, AlignmentPairDocument>();
    for (const pair of [...asOriginal, ...asTranslation]) byId.set(hex(pair._id), pair);
    return [...byId.values()];
  }

  /**
   * The counterparts of entries in other languages, for many (entry, language) requests at once: a fixed
   * number of queries whatever their count (groups, versions, pairs, second-hop pairs, entries).
   */
  async counterparts(
    requests: readonly { answerId: ObjectId; interviewId: ObjectId; language: string }[],
    visibility: Visibility,
  ): Promise<AnswerDocument[][]> {
    const groups = await this.groupsOf(requests.map((r) => r.interviewId));
    const groupOf = new Map<string, TranslationGroupDocument>();
    for (const group of groups) for (const member of group.members) groupOf.set(hex(member), group);
    const members = groups.flatMap((group) => group.members);
    const versions =
      members.length > 0 ? await this.interviews.getMany(members, { includeDrafts: true }) : [];
    const languageOf = new Map(versions.map((doc) => [hex(doc._id), doc.language]));

    interface Route {
      from: ObjectId;
      answerId: ObjectId;
      target: ObjectId;
      original: ObjectId;
    }
    const routes = requests.map((request): Route | null => {
      const group = groupOf.get(hex(request.interviewId));
      if (!group) return null;
      const available = group.members.map((id) => languageOf.get(hex(id))).filter((l): l is string => !!l);
      let target: ObjectId | undefined;
      if (request.language === ORIGINAL_VERSION) {
        target = group.original_id;
      } else {
        let requested: string;
        try {
          requested = languageTag('language', request.language);
        } catch {
          return null;
        }
        const match = bestLanguageMatch(requested, available);
        target = group.members.find((id) => languageOf.get(hex(id)) === match);
      }
      if (!target || target.equals(request.interviewId)) return null;
      return { from: request.interviewId, answerId: request.answerId, target, original: group.original_id };
    });

    const firstHop = await this.pairsOfEntries(
      routes.filter((r): r is Route => r !== null).map((r) => r.answerId),
    );
    // From a translation to another translation: through the original's entries.
    const viaOriginal = new Map<string, ObjectId[]>();
    for (const route of routes) {
      if (!route || route.from.equals(route.original) || route.target.equals(route.original)) continue;
      const pair = firstHop.find(
        (p) =>
          p.translation_id.equals(route.from) && p.translation_ids.some((id) => id.equals(route.answerId)),
      );
      viaOriginal.set(hex(route.answerId), pair?.original_ids ?? []);
    }
    const secondHopIds = [...viaOriginal.values()].flat();
    const secondHop = secondHopIds.length > 0 ? await this.pairsOfEntries(secondHopIds) : [];

    const wanted = routes.map((route): ObjectId[] => {
      if (!route) return [];
      if (route.from.equals(route.original)) {
        const pair = firstHop.find(
          (p) =>
            p.translation_id.equals(route.target) && p.original_ids.some((id) => id.equals(route.answerId)),
        );
        return pair?.translation_ids ?? [];
      }
      if (route.target.equals(route.original)) {
        const pair = firstHop.find(
          (p) =>
            p.translation_id.equals(route.from) && p.translation_ids.some((id) => id.equals(route.answerId)),
        );
        return pair?.original_ids ?? [];
      }
      const originals = viaOriginal.get(hex(route.answerId)) ?? [];
      const ids = new Map<string, ObjectId>();
      for (const pair of secondHop) {
        if (!pair.translation_id.equals(route.target)) continue;
        if (!pair.original_ids.some((id) => originals.some((o) => o.equals(id)))) continue;
        for (const id of pair.translation_ids) ids.set(hex(id), id);
      }
      return [...ids.values()];
    });
    const allIds = wanted.flat();
    // Visibility from the versions already read: no list of every published interview is needed.
    const visibleVersions = new Set(
      versions
        .filter((doc) => visibility.includeDrafts || doc.status === 'PUBLISHED')
        .map((doc) => hex(doc._id)),
    );
    const entries = allIds.length > 0 ? await this.answers.getMany(allIds, { includeDrafts: true }) : [];
    const entryById = new Map(
      entries
        .filter((entry) => visibleVersions.has(hex(entry.interview_id)))
        .map((entry) => [hex(entry._id), entry]),
    );
    return wanted.map((ids) =>
      ids
        .map((id) => entryById.get(hex(id)))
        .filter((entry): entry is AnswerDocument => entry !== undefined)
        .sort((a, b) => a.position - b.position),
    );
  }

  /** The alignment of a translation with its original, as side-by-side rows (editors). */
  async alignment(translationId: ObjectId): Promise<AlignmentView> {
    const { group, translation } = await this.requireTranslation(undefined, translationId);
    const original = await this.interviewOrFail(undefined, group.original_id);
    const [originalEntries, translationEntries, pairs] = await Promise.all([
      this.answers.byInterviews([original._id]),
      this.answers.byInterviews([translation._id]),
      this.pairsOfTranslation(translation._id),
    ]);
    const byId = new Map(
      [...originalEntries, ...translationEntries].map((entry) => [hex(entry._id), entry] as const),
    );
    const stored: StoredPair[] = pairs.map((pair) => ({
      id: pair._id,
      original: pair.original_ids.map((id) => byId.get(hex(id))).filter((e): e is AnswerDocument => !!e),
      translation: pair.translation_ids
        .map((id) => byId.get(hex(id)))
        .filter((e): e is AnswerDocument => !!e),
    }));
    return {
      original,
      translation,
      rows: alignmentRows(originalEntries, translationEntries, stored, (entry) => hex(entry._id)),
    };
  }

  // ---- preview and import of a translation ----

  /** What importing these parsed entries as a translation would link and pair; writes nothing. */
  async preview(
    translationOf: string,
    language: string | null | undefined,
    parsedLanguage: string,
    parsed: { sections: string[]; entries: ParsedEntryForAlignment[] },
    alignment: readonly AlignmentPairInput[] | null | undefined,
  ): Promise<TranslationPreviewResult> {
    const session = this.client.startSession();
    try {
      const plan = await this.planImport(
        session,
        translationOf,
        language,
        parsedLanguage,
        parsed.entries.length,
        alignment,
      );
      return { original: plan.original, language: plan.language, ...compareWithOriginal(plan, parsed) };
    } finally {
      await session.endSession();
    }
  }

  /**
   * Checks an import of a translation inside its transaction: the interview translated exists, the language
   * is a BCP 47 tag not yet in the group, the alignment (default n↔n) names real positions at most once.
   */
  async planImport(
    session: ClientSession,
    translationOf: string,
    language: string | null | undefined,
    parsedLanguage: string,
    translationCount: number,
    alignment: readonly AlignmentPairInput[] | null | undefined,
  ): Promise<TranslationImportPlan> {
    const sourceId = parseId('options.translationOf', translationOf);
    const source = await this.interviews.getInSession(session, sourceId);
    if (!source) throw badUserInput('options.translationOf', `no interview ${translationOf}`);
    const tag = languageTag('options.language', language ?? parsedLanguage);
    const [group] = await this.groupsOf([sourceId], session);
    const original = group ? await this.interviewOrFail(session, group.original_id) : source;
    const members = group
      ? await Promise.all(group.members.map((id) => this.interviews.getInSession(session, id)))
      : [source];
    const taken = members.find((doc) => doc && doc.language.toLowerCase() === tag.toLowerCase());
    if (taken) {
      throw badUserInput('options.language', `this interview already has a ${tag} version (${taken.slug})`);
    }
    const originalEntries = await this.answers.ofInterviewInSession(session, original._id);
    const pairs = alignment
      ? checkedAlignment(alignment, originalEntries.length, translationCount)
      : defaultPairs(
          originalEntries.map((entry) => entry.position),
          Array.from({ length: translationCount }, (_, index) => index + 1),
        );
    return { group, original, originalEntries, language: tag, pairs };
  }

  /** Links an imported translation into its group and stores its pairs, inside the import's transaction. */
  async attachImported(
    session: ClientSession,
    plan: TranslationImportPlan,
    translation: InterviewDocument,
    entries: readonly AnswerDocument[],
    userId: ObjectId | null,
  ): Promise<void> {
    const group = await this.joinGroup(session, plan.group, plan.original._id, translation._id);
    const originalAt = new Map(plan.originalEntries.map((entry) => [entry.position, entry._id]));
    const translationAt = new Map(entries.map((entry) => [entry.position, entry._id]));
    await this.insertPairs(
      session,
      group,
      plan.original._id,
      translation._id,
      plan.pairs.map((pair) => ({
        original: pair.original.map((p) => originalAt.get(p)!),
        translation: pair.translation.map((p) => translationAt.get(p)!),
      })),
      userId,
      'IMPORT',
    );
  }

  // ---- editing groups and alignments ----

  async link(interviewId: string, translationOf: string, userId: ObjectId): Promise<InterviewDocument> {
    const id = parseId('interview_id', interviewId);
    const sourceId = parseId('translationOf', translationOf);
    if (id.equals(sourceId)) throw badUserInput('translationOf', 'must be another interview');
    return inTransaction(this.client, async (session) => {
      const interview = await this.interviews.getInSession(session, id);
      if (!interview) throw notFound('Interview', interviewId);
      if ((await this.groupsOf([id], session)).length > 0) {
        throw badUserInput('interview_id', 'is already a version in a translation group');
      }
      const source = await this.interviews.getInSession(session, sourceId);
      if (!source) throw badUserInput('translationOf', `no interview ${translationOf}`);
      const [group] = await this.groupsOf([sourceId], session);
      const originalId = group?.original_id ?? sourceId;
      const members = group
        ? await Promise.all(group.members.map((m) => this.interviews.getInSession(session, m)))
        : [source];
      if (members.some((doc) => doc && doc.language.toLowerCase() === interview.language.toLowerCase())) {
        throw badUserInput(
          'interview_id',
          `its language (${interview.language}) already has a version in this group`,
        );
      }
      const joined = await this.joinGroup(session, group ?? null, originalId, id);
      await this.pairByPosition(session, joined, originalId, id, userId);
      return interview;
    });
  }

  async unlink(interviewId: string, userId: ObjectId): Promise<InterviewDocument> {
    const id = parseId('interview_id', interviewId);
    return inTransaction(this.client, async (session) => {
      const interview = await this.interviews.getInSession(session, id);
      if (!interview) throw notFound('Interview', interviewId);
      await this.leaveGroup(session, interview, userId, 'interview_id');
      return interview;
    });
  }

  async align(
    translationId: string,
    originalIds: readonly string[],
    translationIds: readonly string[],
    userId: ObjectId,
  ): Promise<AlignmentView> {
    const id = parseId('translation_id', translationId);
    const original = entryIds('original_ids', originalIds);
    const translated = entryIds('translation_ids', translationIds);
    await inTransaction(this.client, async (session) => {
      const { group } = await this.requireTranslation(session, id);
      await this.requireEntriesOf(session, 'original_ids', original, group.original_id);
      await this.requireEntriesOf(session, 'translation_ids', translated, id);
      await this.dissolve(session, id, [...original, ...translated], userId);
      await this.insertPairs(
        session,
        group,
        group.original_id,
        id,
        [{ original, translation: translated }],
        userId,
        'CREATE',
      );
    });
    return this.alignment(id);
  }

  async unalign(
    translationId: string,
    answerIds: readonly string[],
    userId: ObjectId,
  ): Promise<AlignmentView> {
    const id = parseId('translation_id', translationId);
    const ids = entryIds('answer_ids', answerIds);
    await inTransaction(this.client, async (session) => {
      await this.requireTranslation(session, id);
      await this.dissolve(session, id, ids, userId);
    });
    return this.alignment(id);
  }

  async reset(translationId: string, userId: ObjectId): Promise<AlignmentView> {
    const id = parseId('translation_id', translationId);
    await inTransaction(this.client, async (session) => {
      const { group } = await this.requireTranslation(session, id);
      const existing = await this.pairsOfTranslation(id, session);
      await this.deletePairs(session, existing, userId);
      await this.pairByPosition(session, group, group.original_id, id, userId);
    });
    return this.alignment(id);
  }

  /** Clears an entry's stale marks (only the one from `language` when given). */
  async markDone(
    answerId: string,
    language: string | null | undefined,
    userId: ObjectId,
  ): Promise<AnswerDocument> {
    const id = parseId('answer_id', answerId);
    const only = language === null || language === undefined ? null : languageTag('language', language);
    return inTransaction(this.client, async (session) => {
      const [entry] = await this.answers.getManyInSession(session, [id]);
      if (!entry) throw notFound('Answer', answerId);
      const kept = only
        ? (entry.stale ?? []).filter((mark) => mark.language.toLowerCase() !== only.toLowerCase())
        : [];
      return this.answers.setStaleMarks(session, id, kept, userId);
    });
  }

  // ---- what changes to entries and interviews do to translations (called inside their transactions) ----

  /**
   * An entry's question or text changed: each counterpart is marked "changed in <language> since translated",
   * keeping the text as it was when last in step. An entry that is itself stale is catching up: its change
   * marks nothing.
   */
  async entryChanged(
    session: ClientSession,
    before: AnswerDocument,
    after: AnswerDocument | null,
    userId: ObjectId | null,
  ): Promise<void> {
    if (after && sameText(contentOf(before), contentOf(after))) return;
    if (after && (before.stale?.length ?? 0) > 0) return;
    const counterpartIds = await this.directCounterparts(session, before);
    if (counterpartIds.length === 0) return;
    const interview = await this.interviews.getInSession(session, before.interview_id);
    if (!interview) return;
    const now = new Date();
    for (const counterpart of await this.answers.getManyInSession(session, counterpartIds)) {
      const marks = [...(counterpart.stale ?? [])];
      const index = marks.findIndex((mark) => mark.interview_id.equals(before.interview_id));
      const mark: StaleMarkDocument =
        index >= 0
          ? { ...marks[index], sources: [...marks[index].sources] }
          : {
              language: interview.language,
              interview_id: interview._id,
              since: now,
              changedAt: now,
              changedBy: userId,
              sources: [],
            };
      mark.changedAt = now;
      mark.changedBy = userId;
      const sourceIndex = mark.sources.findIndex((source) => source.answer_id.equals(before._id));
      const source =
        sourceIndex >= 0
          ? { ...mark.sources[sourceIndex] }
          : { answer_id: before._id, before: contentOf(before), after: null as StaleText | null };
      source.after = after ? contentOf(after) : null;
      if (sourceIndex >= 0) mark.sources.splice(sourceIndex, 1);
      // Changed back to what the translation was made from: nothing left to catch up with from it.
      if (!sameText(source.before, source.after)) mark.sources.push(source);
      if (index >= 0) marks.splice(index, 1);
      if (mark.sources.length > 0) marks.push(mark);
      await this.answers.setStaleMarks(session, counterpart._id, marks, userId);
    }
  }

  /** A split's second half joins the pairs of the entry it came from. */
  async entrySplit(
    session: ClientSession,
    from: AnswerDocument,
    added: AnswerDocument,
    userId: ObjectId | null,
  ): Promise<void> {
    for (const pair of await this.pairsOfEntries([from._id], session)) {
      const side = pair.original_ids.some((id) => id.equals(from._id)) ? 'original_ids' : 'translation_ids';
      await this.savePair(session, pair, { ...sides(pair), [side]: [...pair[side], added._id] }, userId);
    }
  }

  /** Merged entries: the absorbed ones are replaced by the kept one; pairs of one translation become one. */
  async entriesMerged(
    session: ClientSession,
    kept: AnswerDocument,
    absorbed: readonly AnswerDocument[],
    userId: ObjectId | null,
  ): Promise<void> {
    const merged = [kept._id, ...absorbed.map((entry) => entry._id)];
    const isMerged = (id: ObjectId) => merged.some((m) => m.equals(id));
    const byTranslation = new Map<string, AlignmentPairDocument[]>();
    for (const pair of await this.pairsOfEntries(merged, session)) {
      const key = hex(pair.translation_id);
      byTranslation.set(key, [...(byTranslation.get(key) ?? []), pair]);
    }
    for (const [, pairs] of byTranslation) {
      const [first, ...rest] = pairs;
      const union = (side: 'original_ids' | 'translation_ids') => {
        const ids = new Map<string, ObjectId>();
        for (const pair of pairs) {
          for (const id of pair[side]) {
            const kept_ = isMerged(id) ? kept._id : id;
            ids.set(hex(kept_), kept_);
          }
        }
        return [...ids.values()];
      };
      await this.deletePairs(session, rest, userId);
      await this.savePair(
        session,
        first,
        { original_ids: union('original_ids'), translation_ids: union('translation_ids') },
        userId,
      );
    }
  }

  /** A deleted entry: its counterparts are marked stale (source gone) and it leaves its pairs. */
  async entryDeleted(session: ClientSession, entry: AnswerDocument, userId: ObjectId | null): Promise<void> {
    await this.entryChanged(session, entry, null, userId);
    for (const pair of await this.pairsOfEntries([entry._id], session)) {
      const next = {
        original_ids: pair.original_ids.filter((id) => !id.equals(entry._id)),
        translation_ids: pair.translation_ids.filter((id) => !id.equals(entry._id)),
      };
      if (next.original_ids.length === 0 || next.translation_ids.length === 0)
        await this.deletePairs(session, [pair], userId);
      else await this.savePair(session, pair, next, userId);
    }
  }

  /** An interview about to be deleted: a translation leaves its group; an original with translations may not go. */
  async interviewDeleting(
    session: ClientSession,
    interview: InterviewDocument,
    userId: ObjectId | null,
  ): Promise<void> {
    await this.leaveGroup(session, interview, userId, 'id');
  }

  /** A version's language may change only to one its group does not have yet. */
  async languageChanging(session: ClientSession, interviewId: ObjectId, language: string): Promise<void> {
    const [group] = await this.groupsOf([interviewId], session);
    if (!group) return;
    for (const member of group.members) {
      if (member.equals(interviewId)) continue;
      const doc = await this.interviews.getInSession(session, member);
      if (doc && doc.language.toLowerCase() === language.toLowerCase()) {
        throw badUserInput('language', `this interview already has a ${language} version (${doc.slug})`);
      }
    }
  }

  // ---- internals ----

  private async interviewOrFail(
    session: ClientSession | undefined,
    id: ObjectId,
  ): Promise<InterviewDocument> {
    const doc = session
      ? await this.interviews.getInSession(session, id)
      : await this.interviews.get(id, { includeDrafts: true });
    if (!doc) throw notFound('Interview', hex(id));
    return doc;
  }

  /** The entries directly paired with this one: an original's in every translation, a translation's in the original. */
  private async directCounterparts(session: ClientSession, entry: AnswerDocument): Promise<ObjectId[]> {
    const pairs = await this.pairsOfEntries([entry._id], session);
    const ids = new Map<string, ObjectId>();
    for (const pair of pairs) {
      const other = pair.original_ids.some((id) => id.equals(entry._id))
        ? pair.translation_ids
        : pair.original_ids;
      for (const id of other) ids.set(hex(id), id);
    }
    return [...ids.values()];
  }

  private async leaveGroup(
    session: ClientSession,
    interview: InterviewDocument,
    userId: ObjectId | null,
    field: string,
  ): Promise<void> {
    const [group] = await this.groupsOf([interview._id], session);
    if (!group) return;
    if (group.original_id.equals(interview._id)) {
      if (group.members.length > 1) {
        throw badUserInput(field, 'is the original of translations: delete or unlink them first');
      }
      await this.groups.deleteOne({ _id: group._id }, { session });
      return;
    }
    await this.deletePairs(session, await this.pairsOfTranslation(interview._id, session), userId);
    const members = group.members.filter((id) => !id.equals(interview._id));
    if (members.length <= 1) await this.groups.deleteOne({ _id: group._id }, { session });
    else
      await this.groups.updateOne(
        { _id: group._id },
        { $set: { members, updatedAt: new Date() } },
        { session },
      );
  }

  private async joinGroup(
    session: ClientSession,
    group: TranslationGroupDocument | null,
    originalId: ObjectId,
    memberId: ObjectId,
  ): Promise<TranslationGroupDocument> {
    const now = new Date();
    if (group) {
      const members = [...group.members, memberId];
      await this.groups.updateOne({ _id: group._id }, { $set: { members, updatedAt: now } }, { session });
      return { ...group, members, updatedAt: now };
    }
    const created: TranslationGroupDocument = {
      _id: new ObjectId(),
      original_id: originalId,
      members: [originalId, memberId],
      createdAt: now,
      updatedAt: now,
    };
    await this.groups.insertOne(created, { session });
    return created;
  }

  private async requireTranslation(
    session: ClientSession | undefined,
    translationId: ObjectId,
  ): Promise<{ group: TranslationGroupDocument; translation: InterviewDocument }> {
    const translation = await this.interviewOrFail(session, translationId);
    const [group] = await this.groupsOf([translationId], session);
    if (!group) throw badUserInput('translation_id', 'is not in a translation group');
    if (group.original_id.equals(translationId)) {
      throw badUserInput('translation_id', 'is the original; name the translation whose alignment you mean');
    }
    return { group, translation };
  }

  private async requireEntriesOf(
    session: ClientSession,
    field: string,
    ids: ObjectId[],
    interviewId: ObjectId,
  ): Promise<void> {
    const entries = await this.answers.getManyInSession(session, ids);
    const found = new Map(entries.map((entry) => [hex(entry._id), entry]));
    for (const id of ids) {
      const entry = found.get(hex(id));
      if (!entry) throw notFound('Answer', hex(id));
      if (!entry.interview_id.equals(interviewId)) {
        throw badUserInput(field, `${hex(id)} is not an entry of ${hex(interviewId)}`);
      }
    }
  }

  /** Takes these entries out of their pairs with this translation; pairs left with an empty side go. */
  private async dissolve(
    session: ClientSession,
    translationId: ObjectId,
    ids: readonly ObjectId[],
    userId: ObjectId,
  ): Promise<void> {
    const isNamed = (id: ObjectId) => ids.some((named) => named.equals(id));
    const touched = (await this.pairsOfEntries(ids, session)).filter((pair) =>
      pair.translation_id.equals(translationId),
    );
    for (const pair of touched) {
      const next = {
        original_ids: pair.original_ids.filter((id) => !isNamed(id)),
        translation_ids: pair.translation_ids.filter((id) => !isNamed(id)),
      };
      if (next.original_ids.length === 0 || next.translation_ids.length === 0)
        await this.deletePairs(session, [pair], userId);
      else await this.savePair(session, pair, next, userId);
    }
  }

  /** Pairs entry n of the original with entry n of the translation, for every n both have. */
  private async pairByPosition(
    session: ClientSession,
    group: TranslationGroupDocument,
    originalId: ObjectId,
    translationId: ObjectId,
    userId: ObjectId | null,
  ): Promise<void> {
    const [originalEntries, translationEntries] = await Promise.all([
      this.answers.ofInterviewInSession(session, originalId),
      this.answers.ofInterviewInSession(session, translationId),
    ]);
    const pairs = defaultPairs(
      originalEntries.map((e) => e._id),
      translationEntries.map((e) => e._id),
    );
    await this.insertPairs(session, group, originalId, translationId, pairs, userId, 'CREATE');
  }

  private async insertPairs(
    session: ClientSession,
    group: TranslationGroupDocument,
    originalId: ObjectId,
    translationId: ObjectId,
    pairs: readonly PairOf<ObjectId, ObjectId>[],
    userId: ObjectId | null,
    action: 'CREATE' | 'IMPORT',
  ): Promise<void> {
    const now = new Date();
    const docs: AlignmentPairDocument[] = pairs.map((pair) => ({
      _id: new ObjectId(),
      group_id: group._id,
      original_id: originalId,
      translation_id: translationId,
      original_ids: pair.original,
      translation_ids: pair.translation,
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: userId,
    }));
    if (docs.length === 0) return;
    await insertInBatches(this.pairs, docs, session);
    await this.revisions.record(
      session,
      docs.map((doc) => pairRevision(doc, action, null, sides(doc), userId)),
    );
  }

  private async savePair(
    session: ClientSession,
    pair: AlignmentPairDocument,
    next: Pick<AlignmentPairDocument, 'original_ids' | 'translation_ids'>,
    userId: ObjectId | null,
  ): Promise<void> {
    const version = pair.version + 1;
    await this.pairs.updateOne(
      { _id: pair._id },
      { $set: { ...next, version, updatedAt: new Date(), updatedBy: userId } },
      { session },
    );
    await this.revisions.record(
      session,
      pairRevision({ ...pair, version }, 'UPDATE', sides(pair), next, userId),
    );
  }

  private async deletePairs(
    session: ClientSession,
    pairs: readonly AlignmentPairDocument[],
    userId: ObjectId | null,
  ): Promise<void> {
    if (pairs.length === 0) return;
    await this.pairs.deleteMany({ _id: { $in: pairs.map((pair) => pair._id) } }, { session });
    await this.revisions.record(
      session,
      pairs.map((pair) =>
        pairRevision({ ...pair, version: pair.version + 1 }, 'DELETE', sides(pair), null, userId),
      ),
    );
  }
}

function sides(pair: Pick<AlignmentPairDocument, 'original_ids' | 'translation_ids'>) {
  return { original_ids: pair.original_ids, translation_ids: pair.translation_ids };
}

function pairRevision(
  pair: AlignmentPairDocument,
  action: 'CREATE' | 'IMPORT' | 'UPDATE' | 'DELETE',
  before: object | null,
  after: object | null,
  userId: ObjectId | null,
): RevisionInput {
  return {
    entity: 'ALIGNMENT',
    entity_id: pair._id,
    interview_id: pair.translation_id,
    version: pair.version,
    action,
    user_id: userId,
    before,
    after,
  };
}

/** Entry ids of one side of a pair: 1..MAX_PAIR_SIDE distinct ids. */
function entryIds(field: string, values: readonly string[]): ObjectId[] {
  if (values.length === 0) throw badUserInput(field, 'must name at least one entry');
  if (values.length > MAX_PAIR_SIDE) throw badUserInput(field, `must name at most ${MAX_PAIR_SIDE} entries`);
  const ids = values.map((value, index) => parseId(`${field}[${index}]`, value));
  if (new Set(ids.map(hex)).size !== ids.length) throw badUserInput(field, 'names an entry twice');
  return ids;
}

/** An alignment override of an import: positions in range, each entry in at most one pair. */
function checkedAlignment(
  alignment: readonly AlignmentPairInput[],
  originalCount: number,
  translationCount: number,
): PairOf<number, number>[] {
  const seen = { original: new Set<number>(), translation: new Set<number>() };
  alignment.forEach((pair, index) => {
    for (const side of ['original', 'translation'] as const) {
      const count = side === 'original' ? originalCount : translationCount;
      const positions = pair[side];
      if (positions.length === 0 || positions.length > MAX_PAIR_SIDE) {
        throw badUserInput(
          `options.alignment[${index}].${side}`,
          `must name 1 to ${MAX_PAIR_SIDE} positions`,
        );
      }
      positions.forEach((position, at) => {
        const field = `options.alignment[${index}].${side}[${at}]`;
        if (!Number.isInteger(position) || position < 1 || position > count) {
          throw badUserInput(field, `must be a position between 1 and ${count}`);
        }
        if (seen[side].has(position)) throw badUserInput(field, `entry ${position} is already paired`);
        seen[side].add(position);
      });
    }
  });
  return alignment.map((pair) => ({ original: [...pair.original], translation: [...pair.translation] }));
}

/** The reader fallback: the requested language, else the original, else the slug's own, else any version. */
function chooseVersion(
  own: InterviewDocument,
  visible: readonly InterviewDocument[],
  originalId: ObjectId,
  requested: string,
): InterviewDocument | null {
  const match = bestLanguageMatch(
    requested,
    visible.map((doc) => doc.language),
  );
  return (
    visible.find((doc) => doc.language === match) ??
    visible.find((doc) => doc._id.equals(originalId)) ??
    visible.find((doc) => doc._id.equals(own._id)) ??
    [...visible].sort((a, b) => a.language.localeCompare(b.language))[0] ??
    null
  );
}
