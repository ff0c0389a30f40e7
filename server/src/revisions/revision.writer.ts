import { ClientSession, Collection, Db, ObjectId } from 'mongodb';
import { Collections } from '../db/collections';
import { insertInBatches } from '../shared/mongo/insert-in-batches';
import type { EntityKind, RevisionAction, RevisionDocument, RevisionMergeNote } from './revision.model';

export interface RevisionInput {
  entity: EntityKind;
  entity_id: ObjectId;
  interview_id?: ObjectId | null;
  version: number;
  action: RevisionAction;
  user_id: ObjectId | null;
  before: object | null;
  after: object | null;
  createdAt?: Date;
  merge?: RevisionMergeNote;
}

/** Writes revisions inside the caller's transaction, so a change and its history land together. */
export class RevisionWriter {
  private readonly collection: Collection<RevisionDocument>;
  /** One operation id per transaction (its session), however many times it records. */
  private readonly operationOf = new WeakMap<ClientSession, ObjectId>();

  constructor(db: Db) {
    this.collection = db.collection<RevisionDocument>(Collections.revisions);
  }

  async record(session: ClientSession, input: RevisionInput | RevisionInput[]): Promise<void> {
    const inputs = Array.isArray(input) ? input : [input];
    if (inputs.length === 0) return;
    const now = new Date();
    let operationId = this.operationOf.get(session);
    if (!operationId) {
      operationId = new ObjectId();
      this.operationOf.set(session, operationId);
    }
    const docs: RevisionDocument[] = inputs.map((r) => ({
      _id: new ObjectId(),
      entity: r.entity,
      entity_id: r.entity_id,
      interview_id: r.interview_id ?? null,
      version: r.version,
      action: r.action,
      user_id: r.user_id,
      createdAt: r.createdAt ?? now,
      before: stripBookkeeping(r.before),
      after: stripBookkeeping(r.after),
      ...(r.merge ? { merge: r.merge } : {}),
      operation_id: operationId,
    }));
    await insertInBatches(this.collection, docs, session);
  }

  /** The operation id this transaction's revisions share, or null when it has recorded none yet. */
  operationIdOf(session: ClientSession): ObjectId | null {
    return this.operationOf.get(session) ?? null;
  }

  /** Every revision one operation wrote, newest version first, as the caller's transaction sees them. */
  ofOperation(session: ClientSession, operationId: ObjectId): Promise<RevisionDocument[]> {
    return this.collection.find({ operation_id: operationId }, { session }).sort({ version: -1 }).toArray();
  }

  /**
   * The revisions of one document after `version`, newest first, as the caller's transaction sees them:
   * a versioned update rebuilds the version an editor started from by undoing them.
   */
  laterThan(
    session: ClientSession,
    entity: EntityKind,
    entityId: ObjectId,
    version: number,
  ): Promise<RevisionDocument[]> {
    return this.collection
      .find({ entity, entity_id: entityId, version: { $gt: version } }, { session })
      .sort({ version: -1, createdAt: -1 })
      .toArray();
  }
}

const BOOKKEEPING = new Set(['_id', 'version', 'createdAt', 'updatedAt', 'updatedBy']);

/** Drops bookkeeping fields; a password hash is never stored in history, only the fact that it changed. */
function stripBookkeeping(fields: object | null): Record<string, unknown> | null {
  if (fields === null) return null;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'passwordHash') result.password = '(changed)';
    else if (!BOOKKEEPING.has(key)) result[key] = value;
  }
  return result;
}
