import type { Sort } from 'mongodb';
import { parseId, parseIds } from '../shared/mongo/ids';
import type { AnswerFilterInput } from './answer.service';

/** What the search index knows of a matching entry: enough to filter, order and page the Answers list. */
export interface EntryMatch {
  id: string;
  interviewId: string;
  speakerId: string | null;
  questionerId: string | null;
  position: number;
  section: string | null;
}

type MatchField = 'id' | 'interviewId' | 'position';
/** Stored fields the list can be ordered by from the search's own records. */
const ORDERABLE: Readonly<Record<string, MatchField>> = {
  _id: 'id',
  interview_id: 'interviewId',
  position: 'position',
};

/**
 * How to order matches for a list sort, or null when the sort needs a field only the documents hold.
 * Ids compare as their hex text, which orders them as MongoDB orders ObjectIds (byte by byte).
 */
export function matchOrder(sort: Sort): ((a: EntryMatch, b: EntryMatch) => number) | null {
  if (typeof sort !== 'object' || sort === null || Array.isArray(sort) || sort instanceof Map) return null;
  const keys: { field: MatchField; direction: number }[] = [];
  for (const [name, direction] of Object.entries(sort)) {
    const field = ORDERABLE[name];
    if (!field || (direction !== 1 && direction !== -1)) return null;
    keys.push({ field, direction });
  }
  return (a, b) => {
    for (const { field, direction } of keys) {
      const x = a[field];
      const y = b[field];
      if (x !== y) return (x < y ? -1 : 1) * direction;
    }
    return 0;
  };
}

/**
 * The list filter as a test of a match, or null when it names something only the documents hold (the
 * update times). Ids are checked as the database query checks them (BAD_USER_INPUT naming the field).
 */
export function matchFilter(filter: AnswerFilterInput): ((match: EntryMatch) => boolean) | null {
  if (filter.updatedAt_gte || filter.updatedAt_lte) return null;
  const ids = filter.ids ? new Set(parseIds('filter.ids', filter.ids).map((id) => id.toHexString())) : null;
  const hexOf = (field: string, value: string | undefined) =>
    value === undefined ? undefined : parseId(field, value).toHexString();
  const interviewId = hexOf('filter.interview_id', filter.interview_id);
  const speakerId = hexOf('filter.speaker_id', filter.speaker_id);
  const questionerId = hexOf('filter.questioner_id', filter.questioner_id);
  const { section, position_gte: from, position_lte: to } = filter;
  return (match) =>
    (!ids || ids.has(match.id)) &&
    (interviewId === undefined || match.interviewId === interviewId) &&
    (speakerId === undefined || match.speakerId === speakerId) &&
    (questionerId === undefined || match.questionerId === questionerId) &&
    (section === undefined || match.section === String(section)) &&
    (from === undefined || match.position >= from) &&
    (to === undefined || match.position <= to);
}
