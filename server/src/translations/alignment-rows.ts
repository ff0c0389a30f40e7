/** A pairing of entries, named by keys of each side (ids of stored entries, positions of parsed ones). */
export interface PairOf<O, T> {
  original: O[];
  translation: T[];
}

export interface AlignmentRowOf<O, T, P extends PairOf<O, T>> {
  pair: P | null;
  original: O[];
  translation: T[];
}

/**
 * Side-by-side rows in reading order: every entry of both sides exactly once. Rows follow the original;
 * an unpaired translation entry comes right before the first pair that holds a later translation entry,
 * so a translation read down its own column stays in order whenever the pairs do not cross.
 */
export function alignmentRows<O, T, P extends PairOf<O, T>>(
  originalOrder: readonly O[],
  translationOrder: readonly T[],
  pairs: readonly P[],
  keyOf: (key: O | T) => string,
): AlignmentRowOf<O, T, P>[] {
  const originalIndex = new Map(originalOrder.map((key, index) => [keyOf(key), index]));
  const translationIndex = new Map(translationOrder.map((key, index) => [keyOf(key), index]));
  const pairOfOriginal = new Map<string, P>();
  const pairOfTranslation = new Map<string, P>();
  const sides = new Map<P, { original: O[]; translation: T[] }>();
  for (const pair of pairs) {
    const original = pair.original
      .filter((key) => originalIndex.has(keyOf(key)))
      .sort((a, b) => originalIndex.get(keyOf(a))! - originalIndex.get(keyOf(b))!);
    const translation = pair.translation
      .filter((key) => translationIndex.has(keyOf(key)))
      .sort((a, b) => translationIndex.get(keyOf(a))! - translationIndex.get(keyOf(b))!);
    if (original.length === 0 || translation.length === 0) continue;
    sides.set(pair, { original, translation });
    for (const key of original) pairOfOriginal.set(keyOf(key), pair);
    for (const key of translation) pairOfTranslation.set(keyOf(key), pair);
  }

  const rows: AlignmentRowOf<O, T, P>[] = [];
  let translationCursor = 0;
  const unpairedTranslationBefore = (limit: number) => {
    for (; translationCursor < limit; translationCursor += 1) {
      const key = translationOrder[translationCursor];
      if (!pairOfTranslation.has(keyOf(key))) rows.push({ pair: null, original: [], translation: [key] });
    }
  };
  const emitted = new Set<P>();
  for (const key of originalOrder) {
    const pair = pairOfOriginal.get(keyOf(key));
    if (!pair) {
      rows.push({ pair: null, original: [key], translation: [] });
      continue;
    }
    if (emitted.has(pair)) continue;
    emitted.add(pair);
    const side = sides.get(pair)!;
    unpairedTranslationBefore(translationIndex.get(keyOf(side.translation[0]))!);
    rows.push({ pair, original: side.original, translation: side.translation });
  }
  unpairedTranslationBefore(translationOrder.length);
  return rows;
}

/** Entry n ↔ entry n, as far as the shorter side goes. */
export function defaultPairs<O, T>(
  originalOrder: readonly O[],
  translationOrder: readonly T[],
): PairOf<O, T>[] {
  const count = Math.min(originalOrder.length, translationOrder.length);
  return Array.from({ length: count }, (_, index) => ({
    original: [originalOrder[index]],
    translation: [translationOrder[index]],
  }));
}
