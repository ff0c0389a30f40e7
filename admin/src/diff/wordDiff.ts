import { diffWordsWithSpace } from 'diff';

/**
 * A word-level diff (jsdiff's diffWordsWithSpace: words and the whitespace between them), as parts marked
 * same, added or removed — what the history and the conflict views show.
 */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

export function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));
}

/** "3 words added, 1 removed" — for a summary line. */
export function diffSummary(parts: DiffPart[]): string {
  const count = (kind: DiffPart['kind']) =>
    parts
      .filter((p) => p.kind === kind)
      .reduce((sum, p) => sum + tokenize(p.text).filter((t) => t.trim()).length, 0);
  const added = count('added');
  const removed = count('removed');
  if (!added && !removed) return 'no change';
  const words = (n: number) => `${n} word${n === 1 ? '' : 's'}`;
  return [added ? `${words(added)} added` : '', removed ? `${words(removed)} removed` : '']
    .filter(Boolean)
    .join(', ');
}

/**
 * The diff with long unchanged stretches cut down to `context` words on each side of a change, for
 * long answers where one word changed: "… seven words before *change* seven words after …".
 */
export type ContextPart = DiffPart | { kind: 'gap'; head: string; tail: string };

export function withContext(parts: DiffPart[], context: number): ContextPart[] {
  return parts.map((part, index): ContextPart => {
    if (part.kind !== 'same') return part;
    const tokens = tokenize(part.text);
    const words = tokens.filter((t) => t.trim()).length;
    const first = index === 0;
    const last = index === parts.length - 1;
    const keep = (first ? 0 : context) + (last ? 0 : context);
    if (words <= keep + 4) return part;
    const take = (from: 'start' | 'end', count: number) => {
      let seen = 0;
      const picked: string[] = [];
      const ordered = from === 'start' ? tokens : [...tokens].reverse();
      for (const token of ordered) {
        if (seen >= count && token.trim()) break;
        if (token.trim()) seen += 1;
        picked.push(token);
      }
      return (from === 'start' ? picked : picked.reverse()).join('');
    };
    const head = first ? '' : take('start', context);
    const tail = last ? '' : take('end', context);
    return { kind: 'gap', head, tail };
  });
}
