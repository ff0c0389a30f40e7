/**
 * A word-level diff: the texts are cut into words and the whitespace between them, the longest common
 * subsequence of those tokens is kept, the rest is marked removed or added. Common head and tail are
 * trimmed first, so a correction inside a long answer costs little.
 */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** Above this many LCS cells the middle is shown as replaced wholesale (still correct, less precise). */
const MAX_CELLS = 4_000_000;

export function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail += 1;
  }
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const parts: DiffPart[] = [];
  push(parts, 'same', a.slice(0, head).join(''));

  if (midA.length * midB.length > MAX_CELLS) {
    push(parts, 'removed', midA.join(''));
    push(parts, 'added', midB.join(''));
  } else {
    // lengths[i][j]: LCS length of midA[i..] and midB[j..], in one flat array.
    const n = midA.length;
    const m = midB.length;
    const width = m + 1;
    const lengths = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lengths[i * width + j] =
          midA[i] === midB[j]
            ? lengths[(i + 1) * width + j + 1] + 1
            : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(parts, 'same', midA[i]);
        i += 1;
        j += 1;
      } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
        push(parts, 'removed', midA[i]);
        i += 1;
      } else {
        push(parts, 'added', midB[j]);
        j += 1;
      }
    }
    while (i < n) push(parts, 'removed', midA[i++]);
    while (j < m) push(parts, 'added', midB[j++]);
  }

  push(parts, 'same', a.slice(a.length - tail).join(''));
  return parts;
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
