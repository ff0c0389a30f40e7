/**
 * Rows of the side-by-side view: the entries of two versions grouped by their alignment links. Entries
 * linked to each other, directly or through a third (one entry paired with two), share a row; an entry
 * without counterpart has a row of its own with an empty cell on the other side.
 */

/** What the grouping needs of an entry. */
export interface Positioned {
  id: string;
  position: number;
}

/** One alignment link: an entry of the left version paired with one of the right version. */
export interface AlignmentLink {
  leftId: string;
  rightId: string;
}

export interface AlignedRow<Entry extends Positioned> {
  /** Stable across refreshes while the row holds the same entries. */
  key: string;
  left: Entry[];
  right: Entry[];
}

function byPosition<Entry extends Positioned>(a: Entry, b: Entry): number {
  return a.position - b.position;
}

/**
 * Groups `left` and `right` into rows by `links` (links naming entries not loaded are ignored). Rows
 * follow the left version's order; an entry only on the right goes after the row holding the right entry
 * before it, so each side reads in its own order wherever the alignment does not cross.
 */
export function alignedRows<Entry extends Positioned>(
  left: readonly Entry[],
  right: readonly Entry[],
  links: readonly AlignmentLink[],
): AlignedRow<Entry>[] {
  const leftById = new Map(left.map((entry) => [entry.id, entry]));
  const rightById = new Map(right.map((entry) => [entry.id, entry]));
  // Union-find over "L:<id>" / "R:<id>" nodes.
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(node, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent.set(rootB, rootA);
  };
  for (const entry of left) parent.set(`L:${entry.id}`, `L:${entry.id}`);
  for (const entry of right) parent.set(`R:${entry.id}`, `R:${entry.id}`);
  for (const link of links) {
    if (leftById.has(link.leftId) && rightById.has(link.rightId))
      union(`L:${link.leftId}`, `R:${link.rightId}`);
  }

  const groups = new Map<string, { left: Entry[]; right: Entry[] }>();
  const groupOf = (node: string) => {
    const root = find(node);
    let group = groups.get(root);
    if (!group) {
      group = { left: [], right: [] };
      groups.set(root, group);
    }
    return group;
  };
  for (const entry of left) groupOf(`L:${entry.id}`).left.push(entry);
  for (const entry of right) groupOf(`R:${entry.id}`).right.push(entry);

  const withLeft = [...groups.values()]
    .filter((group) => group.left.length > 0)
    .map((group) => ({ left: group.left.sort(byPosition), right: group.right.sort(byPosition) }))
    .sort((a, b) => a.left[0].position - b.left[0].position);
  const rightOnly = [...groups.values()]
    .filter((group) => group.left.length === 0)
    .map((group) => group.right.sort(byPosition))
    .sort((a, b) => a[0].position - b[0].position);

  const rows = withLeft;
  for (const entries of rightOnly) {
    const position = entries[0].position;
    let after = -1;
    rows.forEach((row, index) => {
      if (row.right.some((entry) => entry.position < position)) after = index;
    });
    if (after === -1) {
      const before = rows.findIndex((row) => row.right.some((entry) => entry.position > position));
      after = before === -1 ? rows.length - 1 : before - 1;
    }
    rows.splice(after + 1, 0, { left: [], right: entries });
  }
  return rows.map((row) => ({
    key: [...row.left.map((entry) => `L${entry.id}`), ...row.right.map((entry) => `R${entry.id}`)].join('-'),
    left: row.left,
    right: row.right,
  }));
}

/** The default alignment the service proposes: entry n ↔ entry n. */
export function pairByPosition<Entry extends Positioned>(
  left: readonly Entry[],
  right: readonly Entry[],
): AlignmentLink[] {
  const sortedRight = [...right].sort(byPosition);
  return [...left]
    .sort(byPosition)
    .flatMap((entry, index) =>
      sortedRight[index] ? [{ leftId: entry.id, rightId: sortedRight[index].id }] : [],
    );
}
