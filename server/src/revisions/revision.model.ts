import type { ObjectId } from 'mongodb';

export type EntityKind = 'SPEAKER' | 'INTERVIEW' | 'ANSWER' | 'USER' | 'ALIGNMENT';

export type RevisionAction =
  'CREATE' | 'UPDATE' | 'DELETE' | 'MOVE' | 'SPLIT' | 'MERGE' | 'REVERT' | 'IMPORT' | 'PUBLISH' | 'UNPUBLISH';

/** One change to one document: who, when, which version it produced, and the changed fields before and after. */
export interface RevisionDocument {
  _id: ObjectId;
  entity: EntityKind;
  entity_id: ObjectId;
  interview_id: ObjectId | null;
  version: number;
  action: RevisionAction;
  user_id: ObjectId | null;
  createdAt: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Set when the change was merged with changes saved after the version the editor started from. */
  merge?: RevisionMergeNote;
  /** Shared by the revisions written in one transaction: one import, one split, one merge. */
  operation_id?: ObjectId;
}

/** The editor started from `baseVersion`; `versions` were saved meanwhile by `user_ids` and kept. */
export interface RevisionMergeNote {
  baseVersion: number;
  versions: number[];
  user_ids: ObjectId[];
}
