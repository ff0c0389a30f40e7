/** The language of a text, from its script and, for Latin script, its most common little words. */

const SCRIPTS: Array<[string, RegExp]> = [
  ['han', /\p{Script=Han}/gu],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ['hangul', /\p{Script=Hangul}/gu],
  ['cyrillic', /\p{Script=Cyrillic}/gu],
  ['arabic', /\p{Script=Arabic}/gu],
  ['hebrew', /\p{Script=Hebrew}/gu],
  ['greek', /\p{Script=Greek}/gu],
  ['thai', /\p{Script=Thai}/gu],
  ['devanagari', /\p{Script=Devanagari}/gu],
  ['latin', /\p{Script=Latin}/gu],
];

const SCRIPT_LANGUAGE: Record<string, string> = {
  hangul: 'ko',
  cyrillic: 'ru',
  arabic: 'ar',
  hebrew: 'he',
  greek: 'el',
  thai: 'th',
  devanagari: 'hi',
};

const STOPWORDS: Record<string, ReadonlySet<string>> = {
  en: new Set('the and is of to in that it you we with for this are was have not but'.split(' ')),
  de: new Set('der die und das ist nicht ich wir mit sie ein eine zu auf für auch dass'.split(' ')),
  fr: new Set('le les et est des une que nous pour dans pas vous je sur avec mais'.split(' ')),
  es: new Set('el los las y que es una por para con nosotros pero muy del como más'.split(' ')),
  pt: new Set('o os as e que é uma não para com nós mas muito você do da'.split(' ')),
  it: new Set('il che è di un una per non sono con anche gli della questo'.split(' ')),
  nl: new Set('de het een en is van dat niet ik wij met voor zijn ook maar'.split(' ')),
};

/** Enough text to tell; a long transcript is not read to the end. */
const SAMPLE_LENGTH = 50_000;

/** "en", "zh", "ja", … ; "en" when the text gives nothing to go on. */
export function detectLanguage(fullText: string): string {
  const text = fullText.slice(0, SAMPLE_LENGTH);
  const counts = new Map(SCRIPTS.map(([script, pattern]) => [script, text.match(pattern)?.length ?? 0]));
  const count = (script: string): number => counts.get(script) ?? 0;
  const letters = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (letters === 0) return 'en';
  // A Han character carries about a word, a Latin letter a fifth of one: compare in words.
  const cjk = count('han') + count('kana');
  if (cjk * 5 >= count('latin') && cjk > 0) return count('kana') * 10 >= cjk ? 'ja' : 'zh';
  const [dominant] = [...counts.entries()]
    .filter(([script]) => script !== 'han' && script !== 'kana')
    .sort((a, b) => b[1] - a[1])[0];
  if (dominant !== 'latin') return SCRIPT_LANGUAGE[dominant] ?? 'en';
  return latinLanguage(text);
}

function latinLanguage(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  // Too few little words to tell languages apart: say English rather than guess.
  let best = 'en';
  let bestScore = 2;
  for (const [language, stopwords] of Object.entries(STOPWORDS)) {
    const score = words.reduce((sum, word) => sum + (stopwords.has(word) ? 1 : 0), 0);
    if (score > bestScore) [best, bestScore] = [language, score];
  }
  return best;
}
