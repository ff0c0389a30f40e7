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

/** Case, accent and width folding: "Café", "CAFE" and "ｃａｆｅ" all become "cafe". */
export function fold(word: string): string {
  return word.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().normalize('NFC');
}

/** The indexed form of a folded word: English words are reduced to their Porter2 stem. */
export function stem(folded: string): string {
  if (!LATIN_WORD.test(folded) || /\d/.test(folded)) return folded;
  return stemEnglish(folded.replace(/[’']s$/u, '').replace(/’/gu, "'"));
}

export function isCjk(word: string): boolean {
  return HAN_KANA_HANGUL.test(word);
}

/** The words of a text with their offsets, folded and stemmed; punctuation and spaces are dropped. */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) continue;
    const folded = fold(segment.segment).slice(0, MAX_TERM_LENGTH);
    if (folded.length === 0) continue;
    tokens.push({
      start: segment.index,
      end: segment.index + segment.segment.length,
      term: stem(folded),
      folded,
    });
  }
  return tokens;
}

/** The indexed terms of a text, in order (what the search library stores). */
export function termsOf(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}
