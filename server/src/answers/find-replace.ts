import { badUserInput } from '../shared/errors';

export interface FindOptions {
  /** Only the same upper and lower case matches (otherwise case is ignored). */
  matchCase?: boolean | null;
  /** Only whole words match: no letter, digit or underscore right before or after. */
  wholeWord?: boolean | null;
}

/** The entry fields find and replace works on. */
export const SEARCHED_FIELDS = ['question', 'text'] as const;
export type SearchedField = (typeof SEARCHED_FIELDS)[number];

/** One place where the searched text occurs: in which field, at which UTF-16 offsets. */
export interface FieldMatch {
  field: SearchedField;
  start: number;
  end: number;
}

/** Characters of context shown on each side of a match in the preview. */
export const MATCH_CONTEXT = 40;
/** More matches than this are refused: the editor narrows the search instead of reviewing them all. */
export const MAX_MATCHES = 5000;
export const FIND_MAX_LENGTH = 1000;

const WORD_CHARACTER = '[\\p{L}\\p{N}\\p{M}_]';

/** The searched text as a literal pattern (never a regular expression the editor wrote). */
export function findPattern(find: string, options: FindOptions): RegExp {
  if (typeof find !== 'string' || find.length === 0) throw badUserInput('find', 'must not be empty');
  if (find.length > FIND_MAX_LENGTH) {
    throw badUserInput('find', `must be at most ${FIND_MAX_LENGTH} characters`);
  }
  const literal = find.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const source = options.wholeWord ? `(?<!${WORD_CHARACTER})${literal}(?!${WORD_CHARACTER})` : literal;
  return new RegExp(source, options.matchCase ? 'gu' : 'giu');
}

/** Every non-overlapping match of `pattern` in the entry's searched fields, in reading order. */
export function matchesIn(entry: Record<SearchedField, string>, pattern: RegExp): FieldMatch[] {
  const found: FieldMatch[] = [];
  for (const field of SEARCHED_FIELDS) {
    for (const match of entry[field].matchAll(pattern)) {
      const start = match.index ?? 0;
      found.push({ field, start, end: start + match[0].length });
    }
  }
  return found;
}

/** The field with the chosen matches replaced by `replacement`, taken literally. */
export function replaceMatches(value: string, matches: readonly FieldMatch[], replacement: string): string {
  let result = '';
  let from = 0;
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    result += value.slice(from, match.start) + replacement;
    from = match.end;
  }
  return result + value.slice(from);
}

/** The text around a match, for the preview: cut at most MATCH_CONTEXT characters away on each side. */
export function contextOf(
  value: string,
  match: FieldMatch,
): { before: string; matched: string; after: string } {
  const from = Math.max(0, match.start - MATCH_CONTEXT);
  const to = Math.min(value.length, match.end + MATCH_CONTEXT);
  return {
    before: (from > 0 ? '…' : '') + value.slice(from, match.start),
    matched: value.slice(match.start, match.end),
    after: value.slice(match.end, to) + (to < value.length ? '…' : ''),
  };
}
