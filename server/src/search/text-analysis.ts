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

// British spellings and their American forms, so that either finds both: colour/color, organise/organize,
// analyse/analyze, centre/center, licence/license, catalogue/catalog (applied to indexed and typed words alike).
const BRITISH_OUR = /^([a-z]{3,})our(s|ed|ing|ite|ites|able|ful|less|er|ers|ist|ists|hood|hoods)?$/u;
const BRITISH_ISE = /^([a-z]{3,})is(e|es|ed|ing|ation|ations|er|ers)$/u;
const BRITISH_YSE = /^([a-z]{3,})ys(e|es|ed|ing)$/u;
const BRITISH_WORDS: Readonly<Record<string, string>> = {
  centre: 'center',
  centres: 'centers',
  centred: 'centered',
  metre: 'meter',
  metres: 'meters',
  litre: 'liter',
  litres: 'liters',
  theatre: 'theater',
  theatres: 'theaters',
  fibre: 'fiber',
  calibre: 'caliber',
  licence: 'license',
  licences: 'licenses',
  defence: 'defense',
  defences: 'defenses',
  offence: 'offense',
  offences: 'offenses',
  catalogue: 'catalog',
  catalogues: 'catalogs',
  dialogue: 'dialog',
  dialogues: 'dialogs',
  analogue: 'analog',
  programme: 'program',
  programmes: 'programs',
  grey: 'gray',
  cheque: 'check',
  cheques: 'checks',
  jewellery: 'jewelry',
  aluminium: 'aluminum',
};

/** The American spelling of a folded English word (the word itself when it has none). */
export function americanSpelling(folded: string): string {
  return (
    BRITISH_WORDS[folded] ??
    folded.replace(BRITISH_OUR, '$1or$2').replace(BRITISH_ISE, '$1iz$2').replace(BRITISH_YSE, '$1yz$2')
  );
}

/**
 * The indexed form of a folded word: English words are reduced to their Porter2 stem, British spellings
 * to the American one's.
 */
export function stem(folded: string): string {
  const known = stems.get(folded);
  if (known !== undefined) return known;
  const stemmed =
    !LATIN_WORD.test(folded) || /\d/u.test(folded)
      ? folded
      : stemEnglish(americanSpelling(folded.replace(/[’']s$/u, '').replace(/’/gu, "'")));
  if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
  stems.set(folded, stemmed);
  return stemmed;
}

export function isCjk(word: string): boolean {
  return HAN_KANA_HANGUL.test(word);
}

/** A word's folded and indexed forms, remembered by its spelling in the text. */
const analysed = new Map<string, { term: string; folded: string }>();

function analyse(word: string): { term: string; folded: string } | null {
  const known = analysed.get(word);
  if (known !== undefined) return known;
  // Runs the segmenter splits are mostly whole sentences, seen once: not worth remembering.
  if (HAN_KANA_HANGUL.test(word)) return null;
  const folded = fold(word).slice(0, MAX_TERM_LENGTH);
  const forms = { term: stem(folded), folded };
  if (analysed.size >= STEM_CACHE_LIMIT) analysed.clear();
  analysed.set(word, forms);
  return forms;
}

/**
 * The words of a text with their offsets, folded and stemmed; punctuation and spaces are dropped. Runs of
 * letters and digits are words as they stand, except runs holding Chinese, Japanese or Korean characters,
 * which the segmenter splits into words (a regular expression is many times faster than the segmenter, and
 * gives the same words for alphabetic text).
 */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  eachWord(text, (start, end, term, folded) => tokens.push({ start, end, term, folded }));
  return tokens;
}

/** tokenize, word by word, without making a token of each (indexing needs the terms only). */
function eachWord(
  text: string,
  take: (start: number, end: number, term: string, folded: string) => void,
): void {
  // exec on the one expression rather than matchAll, which copies the expression for every text.
  WORD_RUN.lastIndex = 0;
  for (let run = WORD_RUN.exec(text); run !== null; run = WORD_RUN.exec(text)) {
    const at = run.index;
    const forms = analyse(run[0]);
    if (forms) {
      if (forms.folded.length > 0) take(at, at + run[0].length, forms.term, forms.folded);
      continue;
    }
    for (const segment of segmenter.segment(run[0])) {
      if (!segment.isWordLike) continue;
      const folded = fold(segment.segment).slice(0, MAX_TERM_LENGTH);
      const start = at + segment.index;
      if (folded.length > 0) take(start, start + segment.segment.length, stem(folded), folded);
    }
  }
}

// Text whose words fold to their lower case (ASCII letters and digits, with ASCII and general punctuation
// such as ’ “ ” — … between them): phrases can be found in it by a regular expression instead of tokens.
const FOLDS_TO_LOWER_CASE = /^[\p{ASCII}\u2000-\u206f]*$/u;
const WORD_CHARACTER = '[\\p{L}\\p{N}\\p{M}]';
const WORD_GOES_ON = `(?:${WORD_CHARACTER}|['’]${WORD_CHARACTER})`;

/**
 * Whether these folded words stand next to each other, in this order, among the words `tokenize` finds in
 * a text; with `endsInPrefix`, the last word only has to start a word of the text. Text that folds to its
 * lower case is searched with a regular expression (a word boundary before and after each word, only
 * non-word characters between them), which gives the same answer many times faster.
 */
export function phraseFinder(words: readonly string[], endsInPrefix = false): (text: string) => boolean {
  const last = words.length - 1;
  const matches = (token: TextToken, j: number) =>
    j === last && endsInPrefix ? token.folded.startsWith(words[j]) : token.folded === words[j];
  const byTokens = (text: string) => {
    const tokens = tokenize(text);
    outer: for (let i = 0; i + words.length <= tokens.length; i += 1) {
      for (let j = 0; j < words.length; j += 1) if (!matches(tokens[i + j], j)) continue outer;
      return true;
    }
    return false;
  };
  // A word cut at the length limit may stand for a longer one: only the tokens can tell.
  if (words.length === 0 || words.some((word) => word.length >= MAX_TERM_LENGTH)) return byTokens;
  // A word outside ASCII cannot occur in text that folds to lower case, but can in other text.
  if (words.some((word) => !/^[a-z0-9'’]+$/u.test(word))) {
    return (text) => !FOLDS_TO_LOWER_CASE.test(text) && byTokens(text);
  }
  const pattern = new RegExp(
    `(?<!${WORD_CHARACTER})(?<!${WORD_CHARACTER}['’])${words.join(`(?!${WORD_GOES_ON})[^\\p{L}\\p{N}\\p{M}]+`)}${endsInPrefix ? '' : `(?!${WORD_GOES_ON})`}`,
    'iu',
  );
  return (text) => (FOLDS_TO_LOWER_CASE.test(text) ? pattern.test(text) : byTokens(text));
}

// Han characters and Hangul syllables, which folding leaves as they are; and what folding can turn into
// them or join to them: combining marks, conjoining, compatibility and half-width jamo, radicals, enclosed
// and compatibility ideographs (not the full-width punctuation of Chinese text, which folds to ASCII).
const FOLDS_AS_IT_IS = /^[\p{Script=Han}\uac00-\ud7a3]+$/u;
const MAY_FOLD_TO_HAN_OR_HANGUL =
  /[\p{M}\u1100-\u11ff\u2e80-\u2fdf\u3130-\u318f\u3200-\u33ff\uf900-\ufaff\uffa0-\uffdc\u{2f800}-\u{2fa1f}]/u;

/**
 * Whether a text holds these folded characters as they stand (a run of CJK words typed without spaces).
 * The text is folded only when that could matter: when the run has other characters than Han and Hangul
 * syllables (kana lose their voicing marks, letters their case), or the text has characters that fold.
 */
export function runFinder(run: string): (text: string) => boolean {
  const plain = FOLDS_AS_IT_IS.test(run);
  return (text) =>
    text.includes(run) || ((!plain || MAY_FOLD_TO_HAN_OR_HANGUL.test(text)) && fold(text).includes(run));
}

const CURRENCY_SIGN = /^\p{Sc}$/u;
const STARTS_WITH_DIGIT = /^\p{Nd}/u;

/**
 * The term of an amount written with its currency sign ("$100", "¥100"): the number's term with the folded
 * sign that stands right before it in the text, or null when the word is no number or has no sign.
 */
export function signedAmountTerm(text: string, start: number, term: string): string | null {
  if (start === 0 || !STARTS_WITH_DIGIT.test(term)) return null;
  const sign = fold(text[start - 1]);
  return CURRENCY_SIGN.test(sign) ? `${sign}${term}` : null;
}

/**
 * The indexed terms of a text, in order (what the search library stores): an amount with its currency sign
 * gives its number and, after it, the signed amount too (the words of `tokenize` are the numbers alone).
 * `onStemmed` hears of each word whose term differs from its folded form (so that what is typed can be
 * matched against the words).
 */
export function termsOf(text: string, onStemmed?: (folded: string, term: string) => void): string[] {
  const terms: string[] = [];
  eachWord(text, (start, _end, term, folded) => {
    terms.push(term);
    if (onStemmed && folded !== term) onStemmed(folded, term);
    const amount = signedAmountTerm(text, start, term);
    if (amount !== null) terms.push(amount);
  });
  return terms;
}
