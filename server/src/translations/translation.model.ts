import type { ObjectId } from 'mongodb';

/** An original interview and its versions in other languages (at most one per language). */
export interface TranslationGroupDocument {
  _id: ObjectId;
  original_id: ObjectId;
  /** Every version, the original included. */
  members: ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One pairing between entries of the original and of one translation: 1..n entries each side (a translator
 * split or merged entries). An entry in no pair has no counterpart in that translation.
 */
export interface AlignmentPairDocument {
  _id: ObjectId;
  group_id: ObjectId;
  original_id: ObjectId;
  translation_id: ObjectId;
  original_ids: ObjectId[];
  translation_ids: ObjectId[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: ObjectId | null;
}

export interface StaleText {
  question: string;
  text: string;
}

/** One counterpart entry that changed: as it was when last in step, and as it is now (null: deleted). */
export interface StaleSourceDocument {
  answer_id: ObjectId;
  before: StaleText;
  after: StaleText | null;
}

/** "Changed in <language> since translated", kept on the entry until an editor marks it done. */
export interface StaleMarkDocument {
  language: string;
  interview_id: ObjectId;
  since: Date;
  changedAt: Date;
  changedBy: ObjectId | null;
  sources: StaleSourceDocument[];
}
