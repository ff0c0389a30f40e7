import type { Document, ObjectId } from 'mongodb';
import { Collections } from '../db/collections';
import type { InterviewService } from '../interviews/interview.service';
import type { Logger } from '../logger';
import type { RevisionAction } from '../revisions/revision.model';
import type { RevisionService } from '../revisions/revision.service';
import {
  coalesce,
  DocumentChange,
  idString,
  numberOrNull,
  RawChange,
  stringOrNull,
  visibleFields,
} from './change-decoder';
import type { ContentActionName, ContentChangeView, ContentEvent } from './content-event';
import { LruMap } from './lru';

/** Interview fields only editors see (readers get null for them). */
const EDITORIAL_INTERVIEW_FIELDS = new Set(['publishAt', 'unpublishAt']);

/** What a revision written with a change says about it. */
interface RevisionInfo {
  id: string;
  entity: string;
  entityId: string;
  interview: Ref | null;
  version: number | null;
  action: RevisionAction;
  userId: string | null;
  createdAt: Date | null;
  /** For interview revisions: the status before the change. */
  beforeStatus: string | null;
  txn: string | null;
}

/** An id as clients see it, with the stored key for queries. */
interface Ref {
  id: string;
  key: unknown;
}

/** An interview's status at a point of the stream: ABSENT before its insert, GONE after its delete. */
type StreamStatus = 'DRAFT' | 'PUBLISHED' | 'ABSENT' | 'GONE' | 'UNKNOWN';

const ACTIONS: ReadonlySet<string> = new Set<RevisionAction>([
  'CREATE',
  'UPDATE',
  'DELETE',
  'MOVE',
  'SPLIT',
  'MERGE',
  'REVERT',
  'IMPORT',
  'PUBLISH',
  'UNPUBLISH',
]);
const DELETING: ReadonlySet<string> = new Set(['DELETE', 'MERGE']);

/** What the builder reads back from the domain: revisions written with changes, and interviews' statuses. */
export interface EventSources {
  revisions: Pick<RevisionService, 'summariesAtVersions' | 'summariesOf'>;
  interviews: Pick<InterviewService, 'statusesOf'>;
}

export interface EventBuilderOptions {
  /** How many interviews' statuses to remember. */
  statusCacheSize?: number;
  /** How many entries' interviews to remember (to place deletes made outside the service). */
  answerCacheSize?: number;
}

/**
 * Turns a batch of change stream events into subscriber events: folds the writes of one change together,
 * finds who made it and why from the revision the service wrote in the same transaction (looked up when
 * it was not in the batch), places entries in their interview (deletes carry only the id), and decides
 * what readers may hear by following each interview's status along the stream.
 */
export class EventBuilder {
  private readonly statuses: LruMap<string, StreamStatus>;
  private readonly answerInterviews: LruMap<string, Ref>;

  constructor(
    private readonly sources: EventSources,
    private readonly logger: Logger,
    options: EventBuilderOptions = {},
  ) {
    this.statuses = new LruMap(options.statusCacheSize ?? 50_000);
    this.answerInterviews = new LruMap(options.answerCacheSize ?? 100_000);
  }

  /** Forgets what was learnt from the stream (after a gap in it). */
  reset(): void {
    this.statuses.clear();
    this.answerInterviews.clear();
  }

  async build(raws: readonly RawChange[]): Promise<ContentEvent[]> {
    const changes = coalesce(raws);
    if (changes.length === 0) return [];
    const batchRevisions = raws
      .filter((raw) => raw.collection === Collections.revisions && raw.operation === 'insert')
      .map((raw) => parseRevision(raw.document, raw.txn))
      .filter((revision): revision is RevisionInfo => revision !== null);

    const { own, history } = await this.revisionsOf(changes, batchRevisions);
    const interviews = new Map<DocumentChange, Ref | null>();
    for (const change of changes)
      interviews.set(change, this.interviewOf(change, own.get(change) ?? history.get(change)));
    const current = await this.prepareStatuses(changes, interviews, own, history);
    const causes = causeIndex(batchRevisions);

    const events: ContentEvent[] = [];
    for (const change of changes) {
      const revision = own.get(change) ?? null;
      const interview = interviews.get(change) ?? null;
      const cause = change.versioned ? null : causes(change, interview);
      const editor = this.editorView(change, revision, cause, interview);
      const reader = this.readerView(change, editor, interview, current, history.get(change) ?? revision);
      if (change.entity === 'ANSWER') {
        if (change.kind === 'DELETED') this.answerInterviews.delete(change.id);
        else if (interview) this.answerInterviews.set(change.id, interview);
      }
      events.push({ editor, reader });
    }
    return events;
  }

  private editorView(
    change: DocumentChange,
    revision: RevisionInfo | null,
    cause: RevisionInfo | null,
    interview: Ref | null,
  ): ContentChangeView {
    const changedFields = visibleFields(change);
    let action: ContentActionName;
    if (revision) action = revision.action;
    else if (!change.versioned)
      action =
        changedFields.length === 1 && changedFields[0] === 'position'
          ? 'RENUMBER'
          : changedFields.length === 1 && changedFields[0] === 'stale'
            ? 'STALE'
            : 'UPDATE';
    else action = change.kind === 'CREATED' ? 'CREATE' : change.kind === 'DELETED' ? 'DELETE' : 'UPDATE';
    let version: number | null;
    if (change.kind === 'DELETED') version = revision?.version ?? null;
    else version = change.versioned ? change.version : numberOrNull(change.document?.version);
    return {
      type: change.kind,
      entity: change.entity,
      id: change.id,
      interview_id: interview?.id ?? null,
      version,
      action,
      changedFields,
      user_id: (revision ?? cause)?.userId ?? null,
      revision_id: revision?.id ?? null,
      createdAt: revision?.createdAt ?? cause?.createdAt ?? change.at ?? new Date(),
      document: change.kind === 'DELETED' ? null : change.document,
    };
  }

  /**
   * Readers hear only of published content: speakers always; an entry while its interview is published;
   * an interview as it enters (CREATED) or leaves (DELETED) publication or changes while published. The
   * document goes along only while it is still published when the batch is processed.
   */
  private readerView(
    change: DocumentChange,
    editor: ContentChangeView,
    interview: Ref | null,
    current: Map<string, string>,
    revision: RevisionInfo | null,
  ): ContentChangeView | null {
    if (change.entity === 'SPEAKER') return editor;
    if (change.entity === 'ANSWER') {
      // Stale marks are editorial: readers never hear of them.
      if (editor.action === 'STALE') return null;
      if (!interview || this.statuses.get(interview.id) !== 'PUBLISHED') return null;
      return current.get(interview.id) === 'PUBLISHED' ? editor : { ...editor, document: null };
    }
    const before = this.statuses.get(change.id) ?? asStatus(revision?.beforeStatus ?? null);
    let after: StreamStatus;
    if (change.kind === 'DELETED') after = 'GONE';
    else if (change.status !== null) after = asStatus(change.status);
    else if (change.kind === 'CREATED') after = asStatus(stringOrNull(change.document?.status));
    else after = before;
    this.statuses.set(change.id, after);
    const was = before === 'PUBLISHED';
    const is = after === 'PUBLISHED';
    if (!was && !is) return null;
    const type = was && is ? editor.type : is ? 'CREATED' : 'DELETED';
    const changedFields = editor.changedFields.filter((field) => !EDITORIAL_INTERVIEW_FIELDS.has(field));
    // A change of schedule alone is not news to readers, who are never shown the schedule.
    if (type === 'UPDATED' && editor.changedFields.length > 0 && changedFields.length === 0) return null;
    const document = is && change.document?.status === 'PUBLISHED' ? change.document : null;
    return { ...editor, type, document, changedFields };
  }

  /** The revision of each change (from the batch, else from the database) and, for deletes, the entity's last one. */
  private async revisionsOf(
    changes: readonly DocumentChange[],
    batch: readonly RevisionInfo[],
  ): Promise<{ own: Map<DocumentChange, RevisionInfo>; history: Map<DocumentChange, RevisionInfo> }> {
    const exact = new Map<string, RevisionInfo>();
    const latest = new Map<string, RevisionInfo>();
    for (const revision of batch) {
      exact.set(`${revision.entity}:${revision.entityId}:${revision.version}`, revision);
      const key = `${revision.entity}:${revision.entityId}`;
      const known = latest.get(key);
      if (!known || (revision.version ?? 0) >= (known.version ?? 0)) latest.set(key, revision);
    }
    const own = new Map<DocumentChange, RevisionInfo>();
    const history = new Map<DocumentChange, RevisionInfo>();
    const missingVersions: { change: DocumentChange; version: number }[] = [];
    const missingDeletes: DocumentChange[] = [];
    for (const change of changes) {
      if (change.kind === 'DELETED') {
        const revision = latest.get(`${change.entity}:${change.id}`);
        if (revision && DELETING.has(revision.action)) own.set(change, revision);
        else missingDeletes.push(change);
      } else if (change.versioned && change.version !== null) {
        const revision = exact.get(`${change.entity}:${change.id}:${change.version}`);
        if (revision) own.set(change, revision);
        else missingVersions.push({ change, version: change.version });
      }
    }
    if (missingVersions.length === 0 && missingDeletes.length === 0) return { own, history };

    const { revisions } = this.sources;
    try {
      if (missingVersions.length > 0) {
        const found = await revisions.summariesAtVersions(
          missingVersions.map(({ change, version }) => ({
            entity: change.entity,
            entity_id: change.key as ObjectId,
            version,
          })),
        );
        const byKey = new Map<string, RevisionInfo>();
        for (const doc of found) {
          const revision = parseRevision(doc, null);
          if (revision) byKey.set(`${revision.entity}:${revision.entityId}:${revision.version}`, revision);
        }
        for (const { change, version } of missingVersions) {
          const revision = byKey.get(`${change.entity}:${change.id}:${version}`);
          if (revision) own.set(change, revision);
        }
      }
      if (missingDeletes.length > 0) {
        const found = await revisions.summariesOf(
          missingDeletes.map((c) => ({ entity: c.entity, entity_id: c.key as ObjectId })),
        );
        const lastOf = new Map<string, RevisionInfo>();
        for (const doc of found) {
          const revision = parseRevision(doc, null);
          const key = revision && `${revision.entity}:${revision.entityId}`;
          if (revision && key && !lastOf.has(key)) lastOf.set(key, revision);
        }
        for (const change of missingDeletes) {
          const revision = lastOf.get(`${change.entity}:${change.id}`);
          if (!revision) continue;
          if (DELETING.has(revision.action)) own.set(change, revision);
          else history.set(change, revision);
        }
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Live updates: could not read revisions; events go out without who and why',
      );
    }
    return { own, history };
  }

  private interviewOf(change: DocumentChange, revision: RevisionInfo | undefined): Ref | null {
    if (change.entity === 'SPEAKER') return null;
    if (change.entity === 'INTERVIEW') return { id: change.id, key: change.key };
    const stored: unknown = change.document?.interview_id;
    if (stored !== undefined && stored !== null) return { id: idString(stored), key: stored };
    return revision?.interview ?? this.answerInterviews.get(change.id) ?? null;
  }

  /**
   * Makes sure every interview the batch concerns has a status as of the batch's start, and returns the
   * statuses as they are now in the database (which decide whether documents may go to readers).
   */
  private async prepareStatuses(
    changes: readonly DocumentChange[],
    interviews: Map<DocumentChange, Ref | null>,
    own: Map<DocumentChange, RevisionInfo>,
    history: Map<DocumentChange, RevisionInfo>,
  ): Promise<Map<string, string>> {
    const refs = new Map<string, unknown>();
    for (const ref of interviews.values()) if (ref) refs.set(ref.id, ref.key);
    const current = new Map<string, string>();
    if (refs.size === 0) return current;
    try {
      const docs = await this.sources.interviews.statusesOf([...refs.values()] as ObjectId[]);
      for (const doc of docs) current.set(idString(doc._id), String(doc.status));
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Live updates: could not read interview statuses; readers miss this batch',
      );
      for (const id of refs.keys()) if (!this.statuses.has(id)) this.statuses.set(id, 'UNKNOWN');
      return current;
    }
    for (const id of refs.keys()) {
      if (this.statuses.has(id)) continue;
      this.statuses.set(id, initialStatus(id, changes, current, own, history));
    }
    return current;
  }
}

/** An interview's status before the batch, worked back from its first change in the batch that tells. */
function initialStatus(
  id: string,
  changes: readonly DocumentChange[],
  current: Map<string, string>,
  own: Map<DocumentChange, RevisionInfo>,
  history: Map<DocumentChange, RevisionInfo>,
): StreamStatus {
  for (const change of changes) {
    if (change.entity !== 'INTERVIEW' || change.id !== id) continue;
    if (change.kind === 'CREATED') return 'ABSENT';
    if (change.kind === 'DELETED') {
      const before = (own.get(change) ?? history.get(change))?.beforeStatus;
      return asStatus(before ?? current.get(id) ?? null);
    }
    if (change.status === 'PUBLISHED') return 'DRAFT';
    if (change.status === 'DRAFT') return 'PUBLISHED';
  }
  return asStatus(current.get(id) ?? null);
}

function asStatus(value: string | null): StreamStatus {
  return value === 'PUBLISHED' || value === 'DRAFT' ? value : 'UNKNOWN';
}

/**
 * For writes that did not bump a version (renumbering, an interview's speaker list kept in step): the
 * revision of the change that caused them — one of the same transaction, else one of the same interview.
 */
function causeIndex(
  batch: readonly RevisionInfo[],
): (change: DocumentChange, interview: Ref | null) => RevisionInfo | null {
  const byTxn = new Map<string, RevisionInfo[]>();
  const byInterview = new Map<string, RevisionInfo>();
  for (const revision of batch) {
    if (revision.txn) byTxn.set(revision.txn, [...(byTxn.get(revision.txn) ?? []), revision]);
    if (revision.interview && !byInterview.has(revision.interview.id))
      byInterview.set(revision.interview.id, revision);
  }
  return (change, interview) => {
    const sameTxn = change.txn ? byTxn.get(change.txn) : undefined;
    if (sameTxn?.length) return sameTxn.find((r) => r.interview?.id === interview?.id) ?? sameTxn[0];
    return interview ? (byInterview.get(interview.id) ?? null) : null;
  };
}

function parseRevision(doc: Document | null, txn: string | null): RevisionInfo | null {
  if (!doc) return null;
  const action = stringOrNull(doc.action);
  const entity = stringOrNull(doc.entity);
  if (!action || !ACTIONS.has(action) || !entity || doc.entity_id === undefined) return null;
  const createdAt: unknown = doc.createdAt;
  const before: unknown = doc.before;
  const interviewKey: unknown = doc.interview_id;
  return {
    id: idString(doc._id),
    entity,
    entityId: idString(doc.entity_id),
    interview:
      interviewKey === undefined || interviewKey === null
        ? null
        : { id: idString(interviewKey), key: interviewKey },
    version: numberOrNull(doc.version),
    action: action as RevisionAction,
    userId: doc.user_id === undefined || doc.user_id === null ? null : idString(doc.user_id),
    createdAt: createdAt instanceof Date ? createdAt : null,
    beforeStatus:
      before !== null && typeof before === 'object'
        ? stringOrNull((before as { status?: unknown }).status)
        : null,
    txn,
  };
}
