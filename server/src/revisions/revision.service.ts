import { Collection, Db, Filter, ObjectId, Sort } from 'mongodb';
import { Collections } from '../db/collections';
import { parseId, parseIds } from '../shared/mongo/ids';
import type { Page } from '../shared/list-query';
import { literalContains } from '../shared/text';
import type { RevisionDocument } from './revision.model';
import type { RevisionFilter } from './revision.inputs';

/** Reads the history; revisions are written only by RevisionWriter, inside the change's transaction. */
export class RevisionService {
  readonly collection: Collection<RevisionDocument>;

  constructor(db: Db) {
    this.collection = db.collection<RevisionDocument>(Collections.revisions);
  }

  get(id: ObjectId, access: HistoryAccess): Promise<RevisionDocument | null> {
    return this.collection.findOne({ _id: id, ...userHistory(access) });
  }

  list(
    filter: RevisionFilter | undefined,
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

  count(filter: RevisionFilter | undefined, access: HistoryAccess): Promise<number> {
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

function toQuery(filter: RevisionFilter | undefined): Filter<RevisionDocument> {
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
