import type { ClientSession, Collection, Document, Filter, ObjectId, UpdateFilter } from 'mongodb';
import { conflict, notFound } from '../errors';
import type { RevisionAction, EntityKind } from '../../revisions/revision.model';
import type { RevisionWriter } from '../../revisions/revision.writer';
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
}

/**
 * The document as it is now, inside the transaction: NOT_FOUND when it is gone, CONFLICT (with the current
 * document) when it is no longer at the version the editor saw. Operations that check before changing
 * several documents (move, split, revert) start here too.
 */
export async function loadAtVersion<T extends VersionedFields & { _id: ObjectId }>(
  target: Pick<VersionedUpdate<T>, 'collection' | 'session' | 'id' | 'expectedVersion' | 'label'>,
): Promise<T> {
  const { collection, session, id, expectedVersion } = target;
  const current = (await collection.findOne({ _id: id } as Filter<T>, { session })) as T | null;
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
  const current = await loadAtVersion(update);
  const { before, after } = changedFields(current, update.patch);
  if (Object.keys(after).length === 0) return current;

  const next = (await collection.findOneAndUpdate(
    { _id: id, version: current.version } as Filter<T>,
    {
      $set: { ...after, updatedAt: new Date(), updatedBy: update.userId },
      $inc: { version: 1 },
    } as unknown as UpdateFilter<T>,
    { session, returnDocument: 'after' },
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
  });
  return next;
}
