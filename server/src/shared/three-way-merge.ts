import { diff3Merge } from 'node-diff3';
import { sameValue } from './versioned';

/**
 * Three-way merge of an editor's changes ("yours") with changes saved meanwhile ("theirs"), both made
 * from the same base. Text is merged word by word, so corrections to different words of one paragraph
 * combine; a field that is not text merges only when one side alone changed it.
 */

/** Words and the whitespace between them: the units a text merge compares. */
export function wordTokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

export type TextMerge =
  | { clean: true; merged: string }
  /** Overlapping changes: each resolution keeps the other side's changes wherever they do not overlap. */
  | { clean: false; preferYours: string; preferTheirs: string };

export function mergeText(base: string, theirs: string, yours: string): TextMerge {
  if (yours === base || yours === theirs) return { clean: true, merged: theirs };
  if (theirs === base) return { clean: true, merged: yours };
  const regions = diff3Merge(wordTokens(yours), wordTokens(base), wordTokens(theirs));
  let preferYours = '';
  let preferTheirs = '';
  let clean = true;
  for (const region of regions) {
    if (region.ok) {
      const text = region.ok.join('');
      preferYours += text;
      preferTheirs += text;
    } else if (region.conflict) {
      clean = false;
      preferYours += region.conflict.a.join('');
      preferTheirs += region.conflict.b.join('');
    }
  }
  return clean ? { clean: true, merged: preferYours } : { clean: false, preferYours, preferTheirs };
}

export interface FieldsMerge {
  /** What to write on top of theirs when nothing overlaps (only fields that differ from theirs). */
  patch: Record<string, unknown>;
  /** The fields both sides changed in ways that overlap. */
  conflicts: string[];
  /** Resolutions of an overlap, as patches on top of theirs: mine wins the overlaps, or theirs does. */
  preferYours: Record<string, unknown>;
  preferTheirs: Record<string, unknown>;
}

/**
 * Merges the fields the editor sent (`yours`, a patch) with the stored document (`theirs`), given the
 * document as the editor loaded it (`base`). Fields listed in `textFields` merge word by word when both
 * sides changed them; any other field changed by both to different values is a conflict.
 */
export function mergeFields(
  base: Record<string, unknown>,
  theirs: Record<string, unknown>,
  yours: Record<string, unknown>,
  textFields: ReadonlySet<string>,
): FieldsMerge {
  const result: FieldsMerge = { patch: {}, conflicts: [], preferYours: {}, preferTheirs: {} };
  const settle = (field: string, value: unknown) => {
    if (sameValue(value, theirs[field])) return;
    result.patch[field] = value;
    result.preferYours[field] = value;
    result.preferTheirs[field] = value;
  };
  for (const [field, mine] of Object.entries(yours)) {
    if (mine === undefined || sameValue(mine, base[field])) continue;
    if (sameValue(theirs[field], base[field]) || sameValue(mine, theirs[field])) {
      settle(field, mine);
      continue;
    }
    const [b, t] = [base[field], theirs[field]];
    if (textFields.has(field) && typeof mine === 'string' && typeof t === 'string') {
      const text = mergeText(typeof b === 'string' ? b : '', t, mine);
      if (text.clean) {
        settle(field, text.merged);
        continue;
      }
      result.conflicts.push(field);
      result.preferYours[field] = text.preferYours;
      if (text.preferTheirs !== t) result.preferTheirs[field] = text.preferTheirs;
      continue;
    }
    result.conflicts.push(field);
    result.preferYours[field] = mine;
  }
  return result;
}
