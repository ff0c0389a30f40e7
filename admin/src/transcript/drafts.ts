import type { MergeConflict } from '../graphql/errors';
import type { Answer } from '../types';

/** The fields of an entry the editor changes inline, each saved with the entry's versioned save. */
export const DRAFT_FIELDS = ['text', 'question', 'section', 'speaker_id', 'questioner_id'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
/** The entry's place and people: null means none (no section, nobody named). */
export type EntryMeta = Pick<Answer, 'section' | 'speaker_id' | 'questioner_id'>;

/** What the editor typed into one entry, and the server version it started from. */
export interface Draft extends Partial<EntryMeta> {
  text: string;
  question: string;
  /** The version the edit is based on: saves send it, so a newer one on the server is a CONFLICT. */
  baseVersion: number;
  base: { text: string; question: string } & Partial<EntryMeta>;
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
  const meta = metaOf(answer);
  return {
    text: answer.text,
    question: answer.question,
    ...meta,
    baseVersion: answer.version,
    base: { text: answer.text, question: answer.question, ...meta },
    saving: false,
    conflict: null,
    merge: null,
    reference: null,
    label: `entry ${answer.position}`,
  };
}

export function metaOf(answer: EntryMeta): EntryMeta {
  return {
    section: answer.section ?? null,
    speaker_id: answer.speaker_id ?? null,
    questioner_id: answer.questioner_id ?? null,
  };
}

/** The fields the editor changed from where the draft started (a draft made elsewhere may lack the meta fields). */
export function changedFields(draft: Draft): Partial<Pick<Answer, DraftField>> {
  const changed: Partial<Pick<Answer, DraftField>> = {};
  for (const field of DRAFT_FIELDS) {
    const value = draft[field];
    if (value !== undefined && value !== draft.base[field]) Object.assign(changed, { [field]: value });
  }
  return changed;
}

export function isDirty(draft: Draft | undefined): boolean {
  return !!draft && Object.keys(changedFields(draft)).length > 0;
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
