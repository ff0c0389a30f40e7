import { badUserInput } from './errors';

/** A BCP 47 language tag in its canonical form ("EN-us" → "en-US"); BAD_USER_INPUT naming `field` otherwise. */
export function languageTag(field: string, value: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text || text.length > 35)
    throw badUserInput(field, 'must be a language tag such as "en" or "zh-Hant"');
  try {
    const [canonical] = Intl.getCanonicalLocales(text);
    if (!canonical) throw new RangeError('empty');
    return canonical;
  } catch {
    throw badUserInput(field, `"${text}" is not a BCP 47 language tag such as "en" or "zh-Hant"`);
  }
}

/**
 * The best of `available` tags for `requested` (BCP 47 lookup): the same tag, then the requested tag with
 * subtags dropped from the end ("zh-Hant-TW" → "zh-Hant" → "zh"), then a tag of the same primary language
 * ("zh" finds "zh-CN"). Case never matters. Null when none fits.
 */
export function bestLanguageMatch(requested: string, available: readonly string[]): string | null {
  const lower = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  const parts = requested.toLowerCase().split('-');
  for (let length = parts.length; length > 0; length -= 1) {
    const found = lower.get(parts.slice(0, length).join('-'));
    if (found) return found;
  }
  return available.find((tag) => tag.toLowerCase().split('-')[0] === parts[0]) ?? null;
}

/** Whether a tag is in the requested language as a filter means it: the same primary language ("zh" ~ "zh-Hant"). */
export function sameLanguage(requested: string, tag: string): boolean {
  const primary = (value: string) => value.split('-', 1)[0].toLowerCase();
  return primary(requested) === primary(tag);
}
