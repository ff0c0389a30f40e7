import type { QueryTerm } from './query-parser';
import type { RecordTexts } from './search-records';
import { TextToken, tokenize } from './text-analysis';

export interface MatchRange {
  /** UTF-16 offsets in the snippet's text, end exclusive. */
  start: number;
  end: number;
}

export interface Snippet {
  /** Which field of the hit the text comes from (`text`, `question`, `title`, `intro`, `name`, …). */
  field: string;
  /** The passage around the best match; "…" marks where it was cut. */
  text: string;
  ranges: MatchRange[];
}

const SNIPPET_LENGTH = 240;
const MAX_SNIPPETS = 2;
const ELLIPSIS = '…';

/**
 * Which query word (index into `terms`) a token of a text matches, or -1; `reached` holds, per query word,
 * the indexed terms it was found under (a prefix also reaches the stems of the words it starts).
 */
export function matcherFor(
  terms: readonly QueryTerm[],
  reached: readonly ReadonlySet<string>[] = [],
): (token: TextToken) => number {
  const exact = new Map<string, number>();
  terms.forEach((term, index) => {
    if (!exact.has(term.term)) exact.set(term.term, index);
  });
  const prefixes = terms.map((term, index) => ({ term, index })).filter(({ term }) => term.prefix);
  return (token) => {
    const found = exact.get(token.term);
    if (found !== undefined) return found;
    for (const { term, index } of prefixes) {
      if (
        token.folded.startsWith(term.folded) ||
        token.term.startsWith(term.term) ||
        reached[index]?.has(token.term)
      ) {
        return index;
      }
    }
    return -1;
  };
}

/**
 * Passages of a hit's fields around its matches: in each field with a match, the window of about
 * SNIPPET_LENGTH characters that holds the most distinct query words, cut at word boundaries, with the
 * ranges of every matched word inside it. Fields without matches give no snippet, except that a hit
 * with no match at all (matched through another field only) gets the start of its first field.
 */
export function buildSnippets(
  texts: RecordTexts,
  terms: readonly QueryTerm[],
  reached: readonly ReadonlySet<string>[] = [],
): Snippet[] {
  const match = matcherFor(terms, reached);
  const snippets: Snippet[] = [];
  for (const [field, text] of texts) {
    const tokens = tokenize(text);
    const matched = tokens
      .map((token) => ({ token, term: match(token) }))
      .filter((entry) => entry.term !== -1);
    if (matched.length === 0) continue;
    snippets.push(window(field, text, tokens, matched));
    if (snippets.length === MAX_SNIPPETS) break;
  }
  if (snippets.length === 0 && texts.length > 0) {
    const [field, text] = texts[0];
    const tokens = tokenize(text);
    snippets.push(window(field, text, tokens, []));
  }
  return snippets;
}

function window(
  field: string,
  text: string,
  tokens: readonly TextToken[],
  matched: readonly { token: TextToken; term: number }[],
): Snippet {
  if (text.length <= SNIPPET_LENGTH) {
    return { field, text, ranges: matched.map(({ token }) => ({ start: token.start, end: token.end })) };
  }
  // The match that starts the window holding the most distinct words (then the most matches) wins.
  let best = { from: 0, distinct: 0, count: 0 };
  for (let i = 0; i < matched.length; i += 1) {
    const from = matched[i].token.start;
    const seen = new Set<number>();
    let count = 0;
    for (let j = i; j < matched.length && matched[j].token.end - from <= SNIPPET_LENGTH; j += 1) {
      seen.add(matched[j].term);
      count += 1;
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) {
      best = { from, distinct: seen.size, count };
    }
  }
  // Some context before the first match, starting at a word.
  const lead = Math.min(60, Math.floor(SNIPPET_LENGTH / 4));
  let start = Math.max(0, best.from - lead);
  const firstWord = tokens.find((token) => token.start >= start);
  if (start > 0 && firstWord && firstWord.start <= best.from) start = firstWord.start;
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length) {
    const lastWord = [...tokens].reverse().find((token) => token.end <= end && token.start >= start);
    if (lastWord) end = lastWord.end;
  }
  const prefix = start > 0 ? ELLIPSIS : '';
  const suffix = end < text.length ? ELLIPSIS : '';
  const shift = prefix.length - start;
  return {
    field,
    text: `${prefix}${text.slice(start, end)}${suffix}`,
    ranges: matched
      .filter(({ token }) => token.start >= start && token.end <= end)
      .map(({ token }) => ({ start: token.start + shift, end: token.end + shift })),
  };
}

/** The snippet with each range wrapped in the caller's markers. */
export function highlight(snippet: Snippet, startMarker: string, endMarker: string): string {
  let result = '';
  let at = 0;
  for (const range of [...snippet.ranges].sort((a, b) => a.start - b.start)) {
    if (range.start < at) continue;
    result +=
      snippet.text.slice(at, range.start) +
      startMarker +
      snippet.text.slice(range.start, range.end) +
      endMarker;
    at = range.end;
  }
  return result + snippet.text.slice(at);
}
