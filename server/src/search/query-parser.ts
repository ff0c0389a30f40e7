import { badUserInput } from '../shared/errors';
import { isCjk, signedAmountTerm, TextToken, tokenize } from './text-analysis';

/** One word the hits must contain (or, for a prefix, a word that starts with it). */
export interface QueryTerm {
  /** Indexed form (folded, stemmed). */
  term: string;
  /** Folded, unstemmed: compared with the start of words when `prefix` is set. */
  folded: string;
  /** The word is still being typed (the last bare word), or a CJK word the index may have segmented longer. */
  prefix: boolean;
  /** A number typed with its currency sign: the signed amount's term ("$100"), which hits holding rank first. */
  withSign?: string;
  /**
   * Every time the query names the word, it is part of a phrase or of a run of Chinese, Japanese or Korean
   * words typed without spaces: snippets highlight it where it stands with the others, not on its own.
   */
  grouped?: boolean;
}

/** Folded words that must stand next to each other, in this order, in one field. */
export interface Phrase {
  words: string[];
  /** The phrase's quote is still open and its last word is being typed: a word that starts with it will do. */
  endsInPrefix: boolean;
}

/**
 * Chinese, Japanese or Korean words typed without a space between them (`储备金` is 储备 and 金), quoted or
 * not: the segmenter splits what is typed into words, but the reader means them together, so hits where the
 * folded run of characters stands as it is in one field rank first (its end may start a longer word, like
 * any CJK word, since the text may be segmented otherwise); in quotes, only those are hits.
 */
export interface CjkRun {
  /** The run's folded characters. */
  text: string;
  /** Its words, as indexes into `terms`. */
  terms: number[];
  /** In quotes: hits must hold the run as typed. Unquoted, hits that hold it come first, the others after. */
  quoted: boolean;
}

export interface ParsedQuery {
  /** Every word that must match, phrase words included, without repeats. */
  terms: QueryTerm[];
  /** `"exact phrases"`. */
  phrases: Phrase[];
  /** Runs of CJK words typed without spaces, each of more than one word. */
  runs: CjkRun[];
  /** `-word`: hits containing it are left out. */
  excludedTerms: string[];
  /** `-"a phrase"` (folded words): hits containing it are left out. */
  excludedPhrases: string[][];
  /**
   * Function words typed bare among other words ("how does custody work"): left out of what must match, and
   * how many of them stood between the words kept (so that "move to Dubai" counts "move … Dubai" as close).
   */
  ignoredWords?: string[];
  ignoredBetween?: number;
}

/**
 * English function words: typed bare in a query with other words ("why did they move to dubai"), they are
 * not required (a question asked as a person types it finds the entry that answers it); in quotes, typed
 * alone or with other function words only ("the who"), or as the last word still being typed, they are.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then than so of to in on at by for with from into onto about as ' +
    'is are was were be been being am do does did doing have has had having ' +
    'i me my we our you your he him his she her it its they them their this that these those there here ' +
    'what which who whom whose when where why how ' +
    "can could would should will shall must not no it's that's what's there's i'm you're we're they're"
  ).split(' '),
);

export const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 32;
// A quoted phrase, possibly negated and possibly still open at the end of the text; or a bare word.
const PART = /(-?)"([^"]*)("?)|(-?)(\S+)/gu;

/**
 * Reads what a person types: words (all required), `"exact phrases"`, `-exclusions` (words or phrases);
 * the last word counts as a prefix while it is being typed (no space after it yet).
 */
export function parseQuery(text: string): ParsedQuery {
  if (text.length > MAX_QUERY_LENGTH) {
    throw badUserInput('query', `must be at most ${MAX_QUERY_LENGTH} characters`);
  }
  const typingLastWord = /[^\s"]$/u.test(text);
  const parsed: ParsedQuery = { terms: [], phrases: [], runs: [], excludedTerms: [], excludedPhrases: [] };
  const seen = new Map<string, number>();
  /** Adds the word (once) and gives its index in `terms`. */
  const require = (term: QueryTerm): number => {
    const key = `${term.prefix ? 'p' : 'w'}:${term.prefix ? term.folded : term.term}:${term.withSign ?? ''}`;
    const known = seen.get(key);
    if (known !== undefined) {
      if (!term.grouped) delete parsed.terms[known].grouped;
      return known;
    }
    seen.set(key, parsed.terms.length);
    parsed.terms.push(term);
    return parsed.terms.length - 1;
  };
  const parts = [...text.matchAll(PART)];
  // Bare words (token index within the query's bare words) that may be left out: function words.
  const bare: { index: number; stop: boolean }[] = [];
  parts.forEach((part, index) => {
    const isLast = index === parts.length - 1;
    if (part[2] !== undefined) {
      const tokens = tokenize(part[2]);
      if (tokens.length === 0) return;
      const words = tokens.map((token) => token.folded);
      if (part[1] === '-') {
        if (tokens.length === 1) parsed.excludedTerms.push(tokens[0].term);
        else parsed.excludedPhrases.push(words);
        return;
      }
      // An unclosed quote at the end of what is typed: its last word is still being typed.
      const typingInQuote = isLast && typingLastWord && part[3] === '';
      // Quoted CJK words without spaces are a run like any other: their characters, however segmented.
      const [run] = cjkRuns(tokens);
      const isRun = run?.length === tokens.length;
      if (words.length > 1 && !isRun) parsed.phrases.push({ words, endsInPrefix: typingInQuote });
      const indexes = tokens.map((token, tokenIndex) => {
        const lastTyped = typingInQuote && tokenIndex === tokens.length - 1;
        return require(queryTerm(part[2], token, lastTyped || isCjk(token.folded), words.length > 1));
      });
      if (isRun) parsed.runs.push({ text: words.join(''), terms: indexes, quoted: true });
      return;
    }
    const negated = part[4] === '-';
    const tokens = tokenize(part[5]);
    if (negated) {
      if (tokens.length === 1) parsed.excludedTerms.push(tokens[0].term);
      else if (tokens.length > 1) parsed.excludedPhrases.push(tokens.map((token) => token.folded));
      return;
    }
    const runs = cjkRuns(tokens);
    const inRun = new Set(runs.flat());
    const indexes = tokens.map((token, tokenIndex) => {
      const lastTyped = isLast && typingLastWord && tokenIndex === tokens.length - 1;
      const at = require(queryTerm(part[5], token, lastTyped || isCjk(token.folded), inRun.has(tokenIndex)));
      bare.push({ index: at, stop: !lastTyped && STOP_WORDS.has(token.folded) });
      return at;
    });
    for (const run of runs) {
      parsed.runs.push({
        text: run.map((tokenIndex) => tokens[tokenIndex].folded).join(''),
        terms: run.map((tokenIndex) => indexes[tokenIndex]),
        quoted: false,
      });
    }
  });
  if (parsed.terms.length > MAX_TERMS) {
    throw badUserInput('query', `has more than ${MAX_TERMS} words`);
  }
  return withoutFunctionWords(parsed, bare);
}

/**
 * Leaves out the function words typed bare, when some other word remains required (and the word is not
 * also required elsewhere: in a phrase, a run, or bare as a prefix).
 */
function withoutFunctionWords(
  parsed: ParsedQuery,
  bare: readonly { index: number; stop: boolean }[],
): ParsedQuery {
  const kept = new Set<number>(parsed.terms.map((_, at) => at));
  for (const { index, stop } of bare) if (stop) kept.delete(index);
  for (const { index, stop } of bare) if (!stop) kept.add(index);
  for (const phrase of parsed.phrases) for (const word of phrase.words) markKept(parsed, kept, word);
  for (const run of parsed.runs) for (const at of run.terms) kept.add(at);
  if (kept.size === parsed.terms.length || kept.size === 0) return parsed;
  const renumbered = new Map<number, number>();
  const terms: QueryTerm[] = [];
  const ignoredWords: string[] = [];
  parsed.terms.forEach((term, at) => {
    if (kept.has(at)) {
      renumbered.set(at, terms.length);
      terms.push(term);
    } else ignoredWords.push(term.folded);
  });
  // Function words between the first and the last word kept, in the order typed.
  const order = bare.map(({ index }) => kept.has(index));
  const first = order.indexOf(true);
  const last = order.lastIndexOf(true);
  const ignoredBetween =
    first === -1 ? 0 : order.slice(first, last + 1).filter((keptWord) => !keptWord).length;
  return {
    ...parsed,
    terms,
    runs: parsed.runs.map((run) => ({ ...run, terms: run.terms.map((at) => renumbered.get(at) as number) })),
    ignoredWords,
    ignoredBetween,
  };
}

function markKept(parsed: ParsedQuery, kept: Set<number>, folded: string): void {
  parsed.terms.forEach((term, at) => {
    if (term.folded === folded) kept.add(at);
  });
}

function queryTerm(text: string, token: TextToken, prefix: boolean, grouped: boolean): QueryTerm {
  const withSign = signedAmountTerm(text, token.start, token.term);
  return {
    term: token.term,
    folded: token.folded,
    prefix,
    ...(withSign === null ? {} : { withSign }),
    ...(grouped ? { grouped } : {}),
  };
}

/** The runs (token indexes) of more than one CJK word with nothing between them. */
function cjkRuns(tokens: readonly TextToken[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  tokens.forEach((token, at) => {
    if (!isCjk(token.folded)) {
      run = [];
      return;
    }
    if (run.length > 0 && tokens[run[run.length - 1]].end !== token.start) run = [];
    if (run.length === 0) runs.push(run);
    run.push(at);
  });
  return runs.filter((candidate) => candidate.length > 1);
}
