import type { MergeConflict } from '../graphql/errors';
import type { Answer } from '../types';

/** What the editor typed into one entry, and the server version it started from. */
export interface Draft {
  text: string;
  question: string;
  /** The version the edit is based on: saves send it, so a newer one on the server is a CONFLICT. */
  baseVersion: number;
  base: { text: string; question: string };
  saving: boolean;
  /** The current document a refused save brought back (CONFLICT's extensions.current). */
  conflict: Answer | null;
  /** The three-way view of a refused save: base, theirs (and who), yours, and both resolutions. */
  merge: MergeConflict<Answer> | null;
  /** "Merge by hand": their version, kept in view while the editor reconciles. */
  reference: Answer | null;
  /** Position and label when the entry was last seen (for entries removed under the editor). */
  label: string;
}

export function newDraft(answer: Answer): Draft {
  return {
    text: answer.text,
    question: answer.question,
    baseVersion: answer.version,
    base: { text: answer.text, question: answer.question },
    saving: false,
    conflict: null,
    merge: null,
    reference: null,
    label: `entry ${answer.position}`,
  };
}

export function isDirty(draft: Draft | undefined): boolean {
  return !!draft && (draft.text !== draft.base.text || draft.question !== draft.base.question);
}

/** Their version when it is newer than the one the draft is based on (a refused save, or a live change). */
export function theirVersion(draft: Draft | undefined, answer: Answer | undefined): Answer | null {
  if (!draft || !isDirty(draft) || draft.saving) return null;
  const candidates = [draft.conflict, answer].filter(
    (a): a is Answer => !!a && a.version > draft.baseVersion,
  );
  if (candidates.length === 0) return null;
  return candidates.reduce((newest, a) => (a.version > newest.version ? a : newest));
}
