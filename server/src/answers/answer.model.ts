import type { ObjectId } from 'mongodb';
import type { VersionedFields } from '../shared/versioned';
import type { StaleMarkDocument } from '../translations/translation.model';

/** One transcript entry: a question, who asked it, the answer and who gave it, at a position of an interview. */
export interface AnswerDocument extends VersionedFields {
  _id: ObjectId;
  interview_id: ObjectId;
  /** 1-based, contiguous within the interview. */
  position: number;
  section: string | null;
  question: string;
  questioner_id: ObjectId | null;
  text: string;
  speaker_id: ObjectId | null;
  /** Seconds from the start of the recording where the answer starts and ends; absent when unknown. */
  startTime?: number | null;
  endTime?: number | null;
  /** Made by splitting the entry before it: it continues that answer, so it has no question of its own. */
  continuation?: boolean;
  /** Counterparts in other languages changed since this entry was last in step with them (translations/). */
  stale?: StaleMarkDocument[];
}

export type AnswerContent = Pick<
  AnswerDocument,
  'section' | 'question' | 'questioner_id' | 'text' | 'speaker_id'
>;

export const ANSWER_CONTENT_FIELDS = ['section', 'question', 'questioner_id', 'text', 'speaker_id'] as const;

export function answerContent(doc: AnswerContent): AnswerContent {
  return {
    section: doc.section,
    question: doc.question,
    questioner_id: doc.questioner_id,
    text: doc.text,
    speaker_id: doc.speaker_id,
  };
}
