import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import { conflictOf, errorMessage, mergeConflictOf, namesOf } from '../graphql/errors';
import { mergedWithAt } from '../graphql/operations';
import { useContentChanges } from '../live/LiveUpdates';
import type { Answer } from '../types';
import {
  changedFields,
  DRAFT_FIELDS,
  isDirty,
  metaOf,
  newDraft,
  type Draft,
  type DraftField,
} from './drafts';
import { useRefreshTranscript } from './useTranscript';

export type Drafts = Record<string, Draft>;

/** What the entries do with their drafts; stable, so the entry cards re-render only for their own. */
export interface DraftActions {
  /** Text fields take text; section, speaker_id and questioner_id take null for none. */
  change(answer: Answer, field: DraftField, value: string | null): void;
  /** Saves the entry's draft (updateAnswer) with its base version: changes saved since merge server-side. */
  save(answerId: string): void;
  /**
   * Settles a three-way conflict: "yours" saves my changes on top of theirs, "theirs" keeps theirs where
   * we overlap — either way the other side's non-overlapping changes stay.
   */
  resolve(answerId: string, winner: 'yours' | 'theirs'): void;
  saveAll(): void;
  /** Ctrl/Cmd+S: the entry being edited, or every entry with changes when none is. */
  saveFocusedOrAll(): void;
  discard(answerId: string): void;
  mergeByHand(answerId: string, theirs: Answer): void;
  closeReference(answerId: string): void;
  /** Replaces the draft with what `update` returns (null drops it); nothing when there is none. */
  update(answerId: string, update: (draft: Draft) => Draft | null): void;
  /** The latest draft, for event handlers. */
  draftOf(answerId: string): Draft | undefined;
  /**
   * Runs one of my own changes to the entry (move, times): its live echo may arrive before `run` has moved
   * the draft on to the new version, and is not someone else's change under the editor.
   */
  ownChange<T extends { version: number }>(answerId: string, run: () => Promise<T>): Promise<T>;
  focus(answerId: string | null): void;
}

/** The values of the fields a draft edits, as they are in it (or in an entry). */
function snapshotOf(source: Pick<Draft, 'text' | 'question'> & Partial<Answer>): Draft['base'] {
  return {
    text: source.text,
    question: source.question,
    section: source.section ?? null,
    speaker_id: source.speaker_id ?? null,
    questioner_id: source.questioner_id ?? null,
  };
}

const DraftActionsContext = createContext<DraftActions | null>(null);
export const DraftActionsProvider = DraftActionsContext.Provider;

export function useDraftActions(): DraftActions {
  const actions = useContext(DraftActionsContext);
  if (!actions) throw new Error('useDraftActions needs a DraftActionsProvider (the transcript editor)');
  return actions;
}

/**
 * The editor's unsaved corrections, one draft per entry, each saved on its own with the version it was
 * loaded at. A refused save (CONFLICT) keeps the draft with their version beside it.
 */
export function useEntryDrafts(answers: Answer[]): { drafts: Drafts; actions: DraftActions } {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const refresh = useRefreshTranscript();
  const [drafts, setDrafts] = useState<Drafts>({});
  // Event handlers read the latest drafts and entries through these.
  const draftsRef = useRef(drafts);
  const answersRef = useRef(answers);
  useLayoutEffect(() => {
    draftsRef.current = drafts;
    answersRef.current = answers;
  }, [drafts, answers]);
  const focusedEntry = useRef<string | null>(null);
  // Entries with one of my own changes under way (how many), and the latest version I made of each:
  // their live echoes are mine.
  const ownChanges = useRef(new Map<string, number>());
  const ownVersions = useRef(new Map<string, number>());

  const update = useCallback((answerId: string, change: (draft: Draft) => Draft | null) => {
    setDrafts((current) => {
      const draft = current[answerId];
      if (!draft) return current;
      const next = { ...current };
      const updated = change(draft);
      if (updated) next[answerId] = updated;
      else delete next[answerId];
      return next;
    });
  }, []);

  const save = useCallback(
    async (answerId: string) => {
      const draft = draftsRef.current[answerId];
      const answer = answersRef.current.find((a) => a.id === answerId);
      if (!draft || !answer || draft.saving) return;
      const sent = snapshotOf(draft);
      // Only the fields the editor changed: "keep mine" must not undo their change of another one.
      const changed = changedFields(draft);
      const baseVersion = draft.baseVersion;
      update(answerId, (d) => ({ ...d, saving: true, conflict: null, merge: null }));
      try {
        // ra-data-graphql-simple passes the fields the schema's updateAnswer takes: baseVersion among them.
        const { data } = await dataProvider.update<Answer>('answers', {
          id: answerId,
          data: { ...changed, version: baseVersion, baseVersion },
          previousData: answer,
        });
        update(answerId, (d) => {
          // Typed on while saving: keep the newer text, now based on the saved version.
          if (DRAFT_FIELDS.some((field) => (d[field] ?? null) !== sent[field])) {
            return { ...d, saving: false, baseVersion: data.version, base: sent, reference: null };
          }
          return null;
        });
        if (data.version > baseVersion + 1) {
          const names = await mergedWithAt(answerId, data.version).catch(() => []);
          notify(`Entry ${answer.position} saved: merged with ${namesOf(names)}'s changes`, {
            type: 'success',
          });
        } else {
          notify(`Entry ${answer.position} saved`, { type: 'success' });
        }
        await refresh();
      } catch (error) {
        const theirs = conflictOf<Answer>(error);
        if (theirs) {
          const merge = mergeConflictOf<Answer>(error);
          update(answerId, (d) => ({ ...d, saving: false, conflict: theirs, merge }));
          notify(
            `Entry ${answer.position}: ${namesOf(merge?.theirsBy ?? [])} changed the same part of it: choose what to keep`,
            { type: 'warning' },
          );
          void refresh();
        } else {
          update(answerId, (d) => ({ ...d, saving: false }));
          notify(`Entry ${answer.position} not saved: ${errorMessage(error)}`, { type: 'error' });
        }
      }
    },
    [dataProvider, notify, refresh, update],
  );

  const actions: DraftActions = useMemo(
    () => ({
      change(answer, field, value) {
        setDrafts((current) => {
          const draft = current[answer.id] ?? newDraft(answer);
          return { ...current, [answer.id]: { ...draft, [field]: value, label: `entry ${answer.position}` } };
        });
        focusedEntry.current = answer.id;
      },
      save(answerId) {
        void save(answerId);
      },
      resolve(answerId, winner) {
        const draft = draftsRef.current[answerId];
        const merge = draft?.merge;
        if (!draft || !merge) return;
        const chosen = winner === 'yours' ? merge.keepYours : merge.keepTheirs;
        // The draft now starts from theirs: saving it writes exactly the chosen resolution on top of theirs.
        const resolved = (d: Draft): Draft => ({
          ...d,
          text: chosen.text,
          question: chosen.question,
          ...metaOf(chosen),
          baseVersion: merge.theirs.version,
          base: snapshotOf(merge.theirs),
          conflict: null,
          merge: null,
        });
        update(answerId, resolved);
        draftsRef.current = { ...draftsRef.current, [answerId]: resolved(draft) };
        void save(answerId);
      },
      saveAll() {
        for (const [answerId, draft] of Object.entries(draftsRef.current)) {
          if (isDirty(draft)) void save(answerId);
        }
      },
      saveFocusedOrAll() {
        const dirty = Object.entries(draftsRef.current).filter(([, d]) => isDirty(d) && !d.saving);
        const focused = focusedEntry.current;
        const targets =
          focused && dirty.some(([key]) => key === focused) ? [focused] : dirty.map(([key]) => key);
        if (targets.length === 0) {
          notify('Nothing to save', { type: 'info' });
          return;
        }
        for (const target of targets) void save(target);
      },
      discard(answerId) {
        update(answerId, () => null);
      },
      mergeByHand(answerId, theirs) {
        update(answerId, (d) => ({
          ...d,
          baseVersion: theirs.version,
          base: snapshotOf(theirs),
          conflict: null,
          merge: null,
          reference: theirs,
        }));
      },
      closeReference(answerId) {
        update(answerId, (d) => ({ ...d, reference: null }));
      },
      update,
      draftOf(answerId) {
        return draftsRef.current[answerId];
      },
      focus(answerId) {
        focusedEntry.current = answerId;
      },
      async ownChange(answerId, run) {
        const pending = ownChanges.current;
        pending.set(answerId, (pending.get(answerId) ?? 0) + 1);
        try {
          const result = await run();
          ownVersions.current.set(answerId, Math.max(result.version, ownVersions.current.get(answerId) ?? 0));
          return result;
        } finally {
          const left = (pending.get(answerId) ?? 1) - 1;
          if (left > 0) pending.set(answerId, left);
          else pending.delete(answerId);
        }
      },
    }),
    [notify, save, update],
  );

  // Live: say so when an entry being edited changes under the editor.
  useContentChanges((change) => {
    if (change.entity.toUpperCase() !== 'ANSWER') return;
    const draft = draftsRef.current[change.id];
    if (!draft || !isDirty(draft) || draft.saving || ownChanges.current.has(change.id)) return;
    if (change.version !== null && change.version <= draft.baseVersion) return;
    if (change.version !== null && change.version <= (ownVersions.current.get(change.id) ?? 0)) return;
    if (change.type === 'DELETED') {
      notify(`The ${draft.label} you are editing was removed by someone else; your text is kept below`, {
        type: 'warning',
      });
    } else {
      notify(`Someone else changed ${draft.label} while you were editing it`, { type: 'warning' });
    }
  });

  return { drafts, actions };
}
