import stemEnglish from 'wink-porter2-stemmer';

/** One word of a text: where it stands in the original string and the term it is indexed under. */
export interface TextToken {
  /** UTF-16 offsets in the original text. */
  start: number;
  end: number;
  /** Folded (case, accents, width) and, for Latin-script words, stemmed. */
  term: string;
  /** Folded but not stemmed: what a prefix typed so far is compared with. */
  folded: string;
}

// The ICU dictionaries behind Intl.Segmenter split Chinese, Japanese and Thai runs into words; "und" keeps
// the segmentation language-neutral so a mixed Chinese/English entry is segmented like either.
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const COMBINING_MARKS = /\p{M}+/gu;
const LATIN_WORD = /^[\p{Script=Latin}\d'’-]+$/u;
const HAN_KANA_HANGUL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const MAX_TERM_LENGTH = 64;
const WORD_RUN = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;

const ASCII = /^[\p{ASCII}]*$/u;
const STEM_CACHE_LIMIT = 100_000;
const stems = new Map<string, string>();

/** Case, accent and width folding: "Café", "CAFE" and "ｃａｆｅ" all become "cafe". */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  if (ASCII.test(lower)) return lower;
  return word.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().normalize('NFC');
}

/** The indexed form of a folded word: English words are reduced to their Porter2 stem. */
export function stem(folded: string): string {
  const known = stems.get(folded);
  if (known !== undefined) return known;
  const stemmed =
    !LATIN_WORD.test(folded) || /\d/u.test(folded)
      ? folded
      : stemEnglish(folded.replace(/[’']s$/u, '').replace(/’/gu, "'"));
  if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
  stems.set(folded, stemmed);
  return stemmed;
}

export function isCjk(word: string): boolean {
  return HAN_KANA_HANGUL.test(word);
}

/**
 * The words of a text with their offsets, folded and stemmed; punctuation and spaces are dropped. Runs of
 * letters and digits are words as they stand, except runs holding Chinese, Japanese or Korean characters,
 * which the segmenter splits into words (a regular expression is many times faster than the segmenter, and
 * gives the same words for alphabetic text).
 */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  const push = (word: string, start: number) => {
    const folded = fold(word).slice(0, MAX_TERM_LENGTH);
    if (folded.length > 0) tokens.push({ start, end: start + word.length, term: stem(folded), folded });
  };
  for (const run of text.matchAll(WORD_RUN)) {
    const at = run.index;
    if (!HAN_KANA_HANGUL.test(run[0])) {
      push(run[0], at);
      continue;
    }
    for (const segment of segmenter.segment(run[0])) {
      if (segment.isWordLike) push(segment.segment, at + segment.index);
    }
  }
  return tokens;
}

/** The indexed terms of a text, in order (what the search library stores). */
export function termsOf(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}
