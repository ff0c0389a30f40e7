import type { CjkRun, Phrase, QueryTerm } from './query-parser';
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

/** What snippets highlight: the query's words, and the phrases and CJK runs whose words go together. */
export interface HighlightedQuery {
  terms: readonly QueryTerm[];
  phrases?: readonly Phrase[];
  runs?: readonly CjkRun[];
}

/** A matched stretch of a text (a word, or the words of a phrase or run), and which query part it stands for. */
interface Match {
  start: number;
  end: number;
  /** A query word's index, or for a phrase or run, the number of query words plus its own index. */
  term: number;
}

/**
 * Passages of a hit's fields around its matches: in each field with a match, the window of about
 * SNIPPET_LENGTH characters that holds the most distinct query words, cut at word boundaries, with the
 * ranges of every match inside it. A phrase or a run of CJK words typed without spaces is highlighted
 * where its words stand together, as one range, and its words are not highlighted elsewhere (unless the
 * query names them on their own too, or the hit shows them together nowhere). Fields without matches give
 * no snippet, except that a hit with no match at all (matched through another field only) gets the start
 * of its first field.
 */
export function buildSnippets(
  texts: RecordTexts,
  query: HighlightedQuery,
  reached: readonly ReadonlySet<string>[] = [],
): Snippet[] {
  const { terms } = query;
  const match = matcherFor(terms, reached);
  const groups: ((tokens: readonly TextToken[]) => { start: number; end: number }[])[] = [
    ...(query.phrases ?? []).map(
      (phrase) => (tokens: readonly TextToken[]) => phraseOccurrences(tokens, phrase),
    ),
    ...(query.runs ?? []).map((run) => (tokens: readonly TextToken[]) => runOccurrences(tokens, run.text)),
  ];
  const fields = texts.map(([field, text]) => {
    const tokens = tokenize(text);
    const together: Match[] = groups.flatMap((find, group) =>
      find(tokens).map(({ start, end }) => ({ start, end, term: terms.length + group })),
    );
    return { field, text, tokens, together };
  });
  // Words of phrases and runs stand alone only when no field shows them together.
  const alone = fields.some(({ together }) => together.length > 0)
    ? (term: number) => !terms[term].grouped
    : () => true;
  const snippets: Snippet[] = [];
  for (const { field, text, tokens, together } of fields) {
    const words: Match[] = [];
    for (const token of tokens) {
      const term = match(token);
      if (term === -1 || !alone(term)) continue;
      if (together.some(({ start, end }) => token.start >= start && token.end <= end)) continue;
      words.push({ start: token.start, end: token.end, term });
    }
    const matched = [...together, ...words].sort((a, b) => a.start - b.start);
    if (matched.length === 0) continue;
    snippets.push(window(field, text, tokens, matched));
    if (snippets.length === MAX_SNIPPETS) break;
  }
  if (snippets.length === 0 && fields.length > 0) {
    const [{ field, text, tokens }] = fields;
    snippets.push(window(field, text, tokens, []));
  }
  return snippets;
}

/** Where the phrase's words stand as consecutive words (the last one starting a word, while it is typed). */
function phraseOccurrences(tokens: readonly TextToken[], phrase: Phrase): { start: number; end: number }[] {
  const { words, endsInPrefix } = phrase;
  const last = words.length - 1;
  const found: { start: number; end: number }[] = [];
  outer: for (let i = 0; i + words.length <= tokens.length; i += 1) {
    for (let j = 0; j < words.length; j += 1) {
      const folded = tokens[i + j].folded;
      if (j === last && endsInPrefix ? !folded.startsWith(words[j]) : folded !== words[j]) continue outer;
    }
    found.push({ start: tokens[i].start, end: tokens[i + last].end });
    i += last;
  }
  return found;
}

/**
 * Where the run's characters stand: from the start of a word, through words with nothing between them, to
 * the end of the word its last character falls in (however the segmenter split the text).
 */
function runOccurrences(tokens: readonly TextToken[], run: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (!run.startsWith(tokens[i].folded.slice(0, run.length))) continue;
    let joined = tokens[i].folded;
    let j = i;
    while (joined.length < run.length && j + 1 < tokens.length && tokens[j + 1].start === tokens[j].end) {
      j += 1;
      joined += tokens[j].folded;
    }
    if (!joined.startsWith(run)) continue;
    found.push({ start: tokens[i].start, end: tokens[j].end });
    i = j;
  }
  return found;
}

function window(
  field: string,
  text: string,
  tokens: readonly TextToken[],
  matched: readonly Match[],
): Snippet {
  if (text.length <= SNIPPET_LENGTH) {
    return { field, text, ranges: matched.map(({ start, end }) => ({ start, end })) };
  }
  // The match that starts the window holding the most distinct words (then the most matches) wins.
  let best = { from: 0, distinct: 0, count: 0 };
  for (let i = 0; i < matched.length; i += 1) {
    const from = matched[i].start;
    const seen = new Set<number>();
    let count = 0;
    for (let j = i; j < matched.length && matched[j].end - from <= SNIPPET_LENGTH; j += 1) {
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
      .filter((range) => range.start >= start && range.end <= end)
      .map((range) => ({ start: range.start + shift, end: range.end + shift })),
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
