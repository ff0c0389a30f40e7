/**
 * The change feed told as operations: an import's hundred revisions are one line ("Ana imported 13 entries
 * into …"), a correction is "Ana corrected entry 7 (Section) of …". Revisions belong to one operation when
 * they share an operation id (written in one transaction), or, for older revisions without one, when one
 * person did the same thing to the same interview within a second.
 */
import type { ChangeFeedItem } from '../graphql/changes';

export interface ChangeGroup {
  key: string;
  revisions: ChangeFeedItem[];
  userName: string | null;
  createdAt: string;
}

const SAME_OPERATION_MS = 1000;

function sameOperation(group: ChangeGroup, next: ChangeFeedItem): boolean {
  const first = group.revisions[0];
  if (first.operation_id && next.operation_id) return first.operation_id === next.operation_id;
  const last = group.revisions[group.revisions.length - 1];
  return (
    first.user_id === next.user_id &&
    first.action === next.action &&
    first.interview_id === next.interview_id &&
    Math.abs(Date.parse(last.createdAt) - Date.parse(next.createdAt)) <= SAME_OPERATION_MS
  );
}

/** Consecutive revisions of the feed (newest first) grouped into operations. */
export function groupChanges(feed: readonly ChangeFeedItem[]): ChangeGroup[] {
  const groups: ChangeGroup[] = [];
  for (const revision of feed) {
    const current = groups[groups.length - 1];
    if (current && sameOperation(current, revision)) current.revisions.push(revision);
    else
      groups.push({
        key: revision.id,
        revisions: [revision],
        userName: revision.user_name ?? null,
        createdAt: revision.createdAt,
      });
  }
  return groups;
}

/** What a group did, as words around the entry and the interview it touched. */
export interface ChangeSentence {
  verb: string;
  /**
   * The entry it is about, when it is about one: its candidates, the first written first (a merge records the
   * kept entry before the absorbed ones, which are gone).
   */
  entryIds: string[];
  /** How many entries, when it is about several. */
  entryCount: number;
  /** The interview it happened in. */
  interviewId: string | null;
  /** A speaker or account it is about, when it is not about an interview. */
  other: { entity: string; id: string } | null;
  /** "into", "of", or nothing before the interview's title. */
  preposition: string;
}

const ENTRY_VERBS: Record<string, string> = {
  CREATE: 'added',
  UPDATE: 'corrected',
  DELETE: 'deleted',
  MOVE: 'moved',
  SPLIT: 'split',
  MERGE: 'merged',
  REVERT: 'restored',
  IMPORT: 'imported',
};

const INTERVIEW_VERBS: Record<string, string> = {
  CREATE: 'created',
  UPDATE: 'edited the details of',
  DELETE: 'deleted',
  PUBLISH: 'published',
  UNPUBLISH: 'unpublished',
  REVERT: 'restored the details of',
  IMPORT: 'imported',
};

const OTHER_VERBS: Record<string, string> = {
  CREATE: 'added',
  UPDATE: 'edited',
  DELETE: 'deleted',
  IMPORT: 'added',
  REVERT: 'restored',
};

export function describeGroup(group: ChangeGroup): ChangeSentence {
  const { revisions } = group;
  const entries = revisions.filter((r) => r.entity === 'ANSWER');
  const interview = revisions.find((r) => r.entity === 'INTERVIEW');
  const interviewId = interview?.entity_id ?? revisions.find((r) => r.interview_id)?.interview_id ?? null;
  const imported = revisions.some((r) => r.action === 'IMPORT');
  const base = { entryIds: [], entryCount: 0, interviewId, other: null };
  if (imported) {
    return { ...base, verb: 'imported', entryCount: entries.length, preposition: 'into' };
  }
  if (interview && (entries.length === 0 || interview.action !== 'UPDATE')) {
    return {
      ...base,
      verb: INTERVIEW_VERBS[interview.action] ?? interview.action.toLowerCase(),
      preposition: '',
    };
  }
  if (entries.length > 0) {
    // A split writes both halves, a merge the kept entry and then the absorbed ones: one act on one entry.
    const acted = entries.find((r) => r.action !== 'DELETE') ?? entries[0];
    const verb = ENTRY_VERBS[acted.action] ?? acted.action.toLowerCase();
    const sameAct = entries.filter((r) => r.action === acted.action);
    const many = new Set(sameAct.map((r) => r.entity_id)).size > 1;
    const single = acted.action === 'SPLIT' || acted.action === 'MERGE' || acted.action === 'MOVE' || !many;
    return single
      ? { ...base, verb, entryIds: sameAct.map((r) => r.entity_id).reverse(), preposition: 'of' }
      : { ...base, verb, entryCount: entries.length, preposition: 'of' };
  }
  const first = revisions[0];
  return {
    ...base,
    verb: OTHER_VERBS[first.action] ?? first.action.toLowerCase(),
    other: { entity: first.entity, id: first.entity_id },
    preposition: '',
  };
}
