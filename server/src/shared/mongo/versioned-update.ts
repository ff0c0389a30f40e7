import type { ClientSession, Collection, Document, Filter, ObjectId, UpdateFilter } from 'mongodb';
import { badUserInput, conflict, notFound } from '../errors';
import type {
  RevisionAction,
  EntityKind,
  RevisionDocument,
  RevisionMergeNote,
} from '../../revisions/revision.model';
import type { RevisionWriter } from '../../revisions/revision.writer';
import { mergeFields } from '../three-way-merge';
import { changedFields, VersionedFields } from '../versioned';

export interface VersionedUpdate<T extends VersionedFields & { _id: ObjectId }> {
  collection: Collection<T>;
  session: ClientSession;
  revisions: RevisionWriter;
  entity: EntityKind;
  /** The entity's name for messages and for presenting a conflict, e.g. "Answer". */
  label: string;
  id: ObjectId;
  /** The version the editor saw; null when the operation does not need one (it still bumps the version). */
  expectedVersion: number | null;
  patch: Partial<T>;
  userId: ObjectId | null;
  action?: RevisionAction;
  interviewIdOf: (doc: T) => ObjectId | null;
  /**
   * The version the editor started from. When the document has moved on since, the editor's changes are
   * merged with the ones saved meanwhile (three-way, against the base rebuilt from the revisions) instead
   * of being refused; only overlapping changes are a CONFLICT. Takes the place of `expectedVersion`.
   */
  baseVersion?: number | null;
  /** Fields merged word by word when both sides changed them; any other field conflicts then. */
  textFields?: readonly string[];
  /** What of the document is read (and given back); all of it when omitted. */
  projection?: Document;
}

/**
 * The document as it is now, inside the transaction: NOT_FOUND when it is gone, CONFLICT (with the current
 * document) when it is no longer at the version the editor saw. Operations that check before changing
 * several documents (move, split, revert) start here too.
 */
export async function loadAtVersion<T extends VersionedFields & { _id: ObjectId }>(
  target: Pick<
    VersionedUpdate<T>,
    'collection' | 'session' | 'id' | 'expectedVersion' | 'label' | 'projection'
  >,
): Promise<T> {
  const { collection, session, id, expectedVersion, projection } = target;
  const current = (await collection.findOne({ _id: id } as Filter<T>, { session, projection })) as T | null;
  if (!current) throw notFound(target.label, id.toHexString());
  if (expectedVersion !== null && current.version !== expectedVersion) {
    throw conflict(target.label, id.toHexString(), expectedVersion, current);
  }
  return current;
}

/**
 * The one way editable documents change: check the version the editor saw, write only the fields
 * that differ, bump the version, and record a revision — all inside the caller's transaction.
 * A stale version is refused with CONFLICT carrying the current document; nothing is overwritten.
 */
export async function applyVersionedUpdate<T extends VersionedFields & { _id: ObjectId }>(
  update: VersionedUpdate<T>,
): Promise<T> {
  const { collection, session, id } = update;
  const merging = update.baseVersion !== undefined && update.baseVersion !== null;
  const current = await loadAtVersion(merging ? { ...update, expectedVersion: null } : update);
  let patch = update.patch;
  let merge: RevisionMergeNote | undefined;
  if (merging && current.version !== update.baseVersion) {
    ({ patch, merge } = await mergeWithLaterChanges(update, current, update.baseVersion as number));
  }
  const { before, after } = changedFields(current, patch);
  if (Object.keys(after).length === 0) return current;

  const next = (await collection.findOneAndUpdate(
    { _id: id, version: current.version } as Filter<T>,
    {
      $set: { ...after, updatedAt: new Date(), updatedBy: update.userId },
      $inc: { version: 1 },
    } as unknown as UpdateFilter<T>,
    { session, returnDocument: 'after', projection: update.projection },
  )) as T | null;
  if (!next) throw conflict(update.label, id.toHexString(), current.version, current);

  await update.revisions.record(session, {
    entity: update.entity,
    entity_id: id,
    interview_id: update.interviewIdOf(next),
    version: next.version,
    action: update.action ?? 'UPDATE',
    user_id: update.userId,
    before: before as Document,
    after: after as Document,
    merge,
  });
  return next;
}

/** The document as it was at `version`: the current one with every later revision undone, newest first. */
export function rebuildAt<T extends object>(current: T, laterRevisions: readonly RevisionDocument[]): T {
  const state = { ...current } as Record<string, unknown>;
  for (const revision of laterRevisions) {
    for (const [field, value] of Object.entries(revision.before ?? {})) {
      if (field in state) state[field] = value;
    }
  }
  return state as T;
}

/**
 * The editor's patch merged with what was saved after `baseVersion`: the fields to write on top of the
 * current document, and the note for the revision. Overlapping changes throw CONFLICT with the base,
 * theirs (current), yours (base + patch), who saved meanwhile and both resolutions.
 */
async function mergeWithLaterChanges<T extends VersionedFields & { _id: ObjectId }>(
  update: VersionedUpdate<T>,
  current: T,
  baseVersion: number,
): Promise<{ patch: Partial<T>; merge: RevisionMergeNote }> {
  if (!Number.isInteger(baseVersion) || baseVersion < 1 || baseVersion > current.version) {
    throw badUserInput('baseVersion', `must be a version this document has had (1 to ${current.version})`);
  }
  const later = await update.revisions.laterThan(update.session, update.entity, update.id, baseVersion);
  const base = rebuildAt(current, later);
  const result = mergeFields(
    base as unknown as Record<string, unknown>,
    current as unknown as Record<string, unknown>,
    update.patch as Record<string, unknown>,
    new Set(update.textFields ?? []),
  );
  const userIds = uniqueIds(later.map((revision) => revision.user_id));
  if (result.conflicts.length > 0) {
    throw conflict(update.label, update.id.toHexString(), baseVersion, current, {
      baseVersion,
      base: { ...base, version: baseVersion },
      yours: { ...base, ...update.patch, version: baseVersion },
      conflictingFields: result.conflicts,
      theirsByIds: userIds.map((userId) => userId.toHexString()),
      preferYours: { ...current, ...result.preferYours },
      preferTheirs: { ...current, ...result.preferTheirs },
    });
  }
  return {
    patch: result.patch as Partial<T>,
    merge: { baseVersion, versions: later.map((revision) => revision.version).reverse(), user_ids: userIds },
  };
}

function uniqueIds(ids: readonly (ObjectId | null)[]): ObjectId[] {
  const seen = new Map<string, ObjectId>();
  for (const id of ids) if (id) seen.set(id.toHexString(), id);
  return [...seen.values()];
}
