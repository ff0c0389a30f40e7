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
}

/** Folded words that must stand next to each other, in this order, in one field. */
export interface Phrase {
  words: string[];
  /** The phrase's quote is still open and its last word is being typed: a word that starts with it will do. */
  endsInPrefix: boolean;
}

export interface ParsedQuery {
  /** Every word that must match, phrase words included, without repeats. */
  terms: QueryTerm[];
  /** `"exact phrases"`. */
  phrases: Phrase[];
  /** `-word`: hits containing it are left out. */
  excludedTerms: string[];
  /** `-"a phrase"` (folded words): hits containing it are left out. */
  excludedPhrases: string[][];
}

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
  const parsed: ParsedQuery = { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [] };
  const seen = new Set<string>();
  const require = (term: QueryTerm) => {
    const key = `${term.prefix ? 'p' : 'w'}:${term.prefix ? term.folded : term.term}:${term.withSign ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    parsed.terms.push(term);
  };
  const parts = [...text.matchAll(PART)];
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
      if (words.length > 1) parsed.phrases.push({ words, endsInPrefix: typingInQuote });
      tokens.forEach((token, tokenIndex) => {
        const lastTyped = typingInQuote && tokenIndex === tokens.length - 1;
        require(queryTerm(part[2], token, lastTyped || isCjk(token.folded)));
      });
      return;
    }
    const negated = part[4] === '-';
    const tokens = tokenize(part[5]);
    if (negated) {
      if (tokens.length === 1) parsed.excludedTerms.push(tokens[0].term);
      else if (tokens.length > 1) parsed.excludedPhrases.push(tokens.map((token) => token.folded));
      return;
    }
    tokens.forEach((token, tokenIndex) => {
      const lastTyped = isLast && typingLastWord && tokenIndex === tokens.length - 1;
      require(queryTerm(part[5], token, lastTyped || isCjk(token.folded)));
    });
  });
  if (parsed.terms.length > MAX_TERMS) {
    throw badUserInput('query', `has more than ${MAX_TERMS} words`);
  }
  return parsed;
}

function queryTerm(text: string, token: TextToken, prefix: boolean): QueryTerm {
  const withSign = signedAmountTerm(text, token.start, token.term);
  return { term: token.term, folded: token.folded, prefix, ...(withSign === null ? {} : { withSign }) };
}
