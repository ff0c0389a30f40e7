/** Escapes a user's search text so it is matched literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A case-insensitive literal "contains" matcher for a free-text `q` filter. */
export function literalContains(text: string): RegExp {
  return new RegExp(escapeRegExp(text.trim()), 'i');
}

/** URL-friendly slug; keeps letters (and their marks) of any script, folds Latin accents. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’ʼ]/g, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'untitled';
}

/** The key under which a person's name is matched: case, spacing and accents do not make a new person. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Characters that show nothing: the default-ignorable code points (zero-width spaces and joiners, the BOM,
 * bidi controls, soft hyphens, variation selectors, tags, Hangul fillers), other format controls (Cf),
 * whitespace, and the blank braille pattern.
 */
const INVISIBLE = '\\p{Default_Ignorable_Code_Point}\\p{Cf}\\p{White_Space}\\u2800';
const ONLY_INVISIBLE = new RegExp(`^[${INVISIBLE}]*$`, 'u');
/**
 * What may be cut from the ends of a text: whitespace and the zero-width and bidi controls that never end
 * or start text on purpose (joiners, tags and variation selectors stay: emoji sequences need them).
 */
const EDGE_CHAR = /^[\p{White_Space}\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]$/u;
const INVISIBLE_CHAR = new RegExp(`^[${INVISIBLE}]$`, 'u');
const WHITE_SPACE_CHAR = /^\p{White_Space}$/u;

/** The code point ending at `end` (exclusive), as a string. */
function charBefore(text: string, end: number): string {
  const low = text.charCodeAt(end - 1);
  const high = end >= 2 ? text.charCodeAt(end - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff
    ? text.slice(end - 2, end)
    : text.slice(end - 1, end);
}

function charAt(text: string, start: number): string {
  return String.fromCodePoint(text.codePointAt(start) ?? 0);
}

/**
 * Where the visible text ends: the trailing invisible run is cut from its first whitespace on (nothing after
 * a space joins onto a character), then edge controls are cut. A linear scan: a regular expression such as
 * /\s+$/ is quadratic on long runs of spaces.
 */
function visibleEnd(text: string): number {
  let runStart = text.length;
  let firstWhiteSpace = -1;
  while (runStart > 0) {
    const char = charBefore(text, runStart);
    if (!INVISIBLE_CHAR.test(char)) break;
    runStart -= char.length;
    if (WHITE_SPACE_CHAR.test(char)) firstWhiteSpace = runStart;
  }
  let end = firstWhiteSpace >= 0 ? firstWhiteSpace : text.length;
  while (end > 0 && EDGE_CHAR.test(charBefore(text, end))) end -= charBefore(text, end).length;
  return end;
}

function visibleStart(text: string): number {
  let runEnd = 0;
  let afterLastWhiteSpace = -1;
  while (runEnd < text.length) {
    const char = charAt(text, runEnd);
    if (!INVISIBLE_CHAR.test(char)) break;
    runEnd += char.length;
    if (WHITE_SPACE_CHAR.test(char)) afterLastWhiteSpace = runEnd;
  }
  let start = afterLastWhiteSpace >= 0 ? afterLastWhiteSpace : 0;
  while (start < text.length && EDGE_CHAR.test(charAt(text, start))) start += charAt(text, start).length;
  return start;
}

/** True for text that is empty once invisible characters are removed ("", spaces, U+200B, U+FEFF, U+202E…). */
export function isBlank(text: string): boolean {
  return ONLY_INVISIBLE.test(text);
}

/** The text without whitespace and zero-width or bidi controls at its ends; "" when nothing visible is left. */
export function trimText(text: string): string {
  return isBlank(text) ? '' : text.slice(visibleStart(text), visibleEnd(text));
}

/** The text without trailing whitespace and zero-width or bidi controls; "" when nothing visible is left. */
export function trimTextEnd(text: string): string {
  return isBlank(text) ? '' : text.slice(0, visibleEnd(text));
}
