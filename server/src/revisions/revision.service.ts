import { ClientSession, Collection, Db, Filter, ObjectId, Sort } from 'mongodb';
import { Collections } from '../db/collections';
import { parseId, parseIds } from '../shared/mongo/ids';
import type { Page } from '../shared/list-query';
import { literalContains } from '../shared/text';
import type { EntityKind, RevisionDocument } from './revision.model';

export interface RevisionFilterInput {
  ids?: string[];
  entity_id?: string;
  entity?: string;
  interview_id?: string;
  user_id?: string;
  action?: string;
  createdAt_gte?: Date;
  createdAt_lte?: Date;
  q?: string;
}

/** What the live updates need of a revision: who made the change, how, and an interview's status before it. */
export type RevisionSummary = Pick<
  RevisionDocument,
  '_id' | 'entity' | 'entity_id' | 'interview_id' | 'version' | 'action' | 'user_id' | 'createdAt'
> & { before?: { status?: unknown } | null };

const SUMMARY_PROJECTION = {
  entity: 1,
  entity_id: 1,
  interview_id: 1,
  version: 1,
  action: 1,
  user_id: 1,
  createdAt: 1,
  'before.status': 1,
};

/** One document's revision: the entity's kind, its stored id and, when asking for one version, the version. */
export interface RevisionKey {
  entity: EntityKind;
  entity_id: ObjectId;
  version?: number;
}

/** Reads the history; revisions are written only by RevisionWriter, inside the change's transaction. */
export class RevisionService {
  private readonly collection: Collection<RevisionDocument>;

  constructor(db: Db) {
    this.collection = db.collection<RevisionDocument>(Collections.revisions);
  }

  get(id: ObjectId, access: HistoryAccess): Promise<RevisionDocument | null> {
    return this.collection.findOne({ _id: id, ...userHistory(access) });
  }

  /** A revision as the caller's transaction sees it (reverting reads history inside its change). */
  getInSession(session: ClientSession, id: ObjectId): Promise<RevisionDocument | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  /** The revisions that wrote these versions, in one query. */
  summariesAtVersions(keys: readonly Required<RevisionKey>[]): Promise<RevisionSummary[]> {
    return this.collection
      .find(
        { $or: keys.map((key) => ({ entity: key.entity, entity_id: key.entity_id, version: key.version })) },
        { projection: SUMMARY_PROJECTION },
      )
      .toArray();
  }

  /** Every revision of these documents, newest first, in one query. */
  summariesOf(keys: readonly RevisionKey[]): Promise<RevisionSummary[]> {
    return this.collection
      .find(
        { $or: keys.map((key) => ({ entity: key.entity, entity_id: key.entity_id })) },
        { projection: SUMMARY_PROJECTION },
      )
      .sort({ version: -1, createdAt: -1 })
      .toArray();
  }

  list(
    filter: RevisionFilterInput | undefined,
    page: Page,
    sort: Sort,
    access: HistoryAccess,
  ): Promise<RevisionDocument[]> {
    return this.collection
      .find({ ...toQuery(filter), ...userHistory(access) })
      .sort(sort)
      .skip(page.skip)
      .limit(page.limit)
      .toArray();
  }

  count(filter: RevisionFilterInput | undefined, access: HistoryAccess): Promise<number> {
    return this.collection.countDocuments({ ...toQuery(filter), ...userHistory(access) });
  }
}

export interface HistoryAccess {
  /** The history of user accounts (emails, roles) is for admins. */
  includeUsers: boolean;
}

function userHistory(access: HistoryAccess): Filter<RevisionDocument> {
  return access.includeUsers ? {} : { $and: [{ entity: { $ne: 'USER' } }] };
}

function toQuery(filter: RevisionFilterInput | undefined): Filter<RevisionDocument> {
  const query: Filter<RevisionDocument> = {};
  if (!filter) return query;
  if (filter.ids) query._id = { $in: parseIds('filter.ids', filter.ids) };
  if (filter.entity_id !== undefined) query.entity_id = parseId('filter.entity_id', filter.entity_id);
  if (filter.interview_id !== undefined)
    query.interview_id = parseId('filter.interview_id', filter.interview_id);
  if (filter.user_id !== undefined) query.user_id = parseId('filter.user_id', filter.user_id);
  if (filter.entity !== undefined) query.entity = String(filter.entity) as RevisionDocument['entity'];
  if (filter.action !== undefined) query.action = String(filter.action) as RevisionDocument['action'];
  const createdAt: { $gte?: Date; $lte?: Date } = {};
  if (filter.createdAt_gte) createdAt.$gte = filter.createdAt_gte;
  if (filter.createdAt_lte) createdAt.$lte = filter.createdAt_lte;
  if (createdAt.$gte || createdAt.$lte) query.createdAt = createdAt;
  if (filter.q?.trim()) {
    const pattern = literalContains(filter.q);
    query.$or = [{ action: pattern }, { entity: pattern }];
  }
  return query;
}
