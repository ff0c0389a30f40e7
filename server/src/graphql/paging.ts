import { badUserInput } from '../shared/errors';

/** A slice of a list field: `offset` items skipped, then at most `first`. */
export interface Page {
  first: number;
  offset: number;
}

/** Page sizes of the list fields that can be long. */
export const PAGE_SIZES = {
  /** Interview.answers: a whole realistic interview in one page. */
  interviewAnswers: { default: 1000, max: 1000 },
  speakerAnswers: { default: 100, max: 1000 },
  speakerInterviews: { default: 20, max: 100 },
} as const;

/** Checks paging arguments before any database work; bad values are BAD_USER_INPUT naming the argument. */
export function checkedPage(first: number, offset: number, max: number): Page {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badUserInput('first', `must be between 0 and ${max}`);
  }
  if (!Number.isInteger(offset) || offset < 0) throw badUserInput('offset', 'must be zero or more');
  return { first, offset };
}

export function pageKey(id: string, page: Page): string {
  return `${id}:${page.offset}:${page.first}`;
}
