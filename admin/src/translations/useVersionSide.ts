import { useMemo } from 'react';
import { isDirty } from '../transcript/drafts';
import { useEntryDrafts } from '../transcript/useEntryDrafts';
import { usePresence } from '../transcript/usePresence';
import { useTranscript } from '../transcript/useTranscript';

/**
 * One side of the side-by-side view: the version's transcript with the transcript editor's own drafts,
 * saving, conflicts and presence, exactly as in its editor.
 */
export function useVersionSide(interviewId: string) {
  const transcript = useTranscript(interviewId);
  const { drafts, actions } = useEntryDrafts(transcript.answers);
  const presence = usePresence(interviewId);
  const editingBy = useMemo(() => {
    const byEntry = new Map<string, string[]>();
    for (const editor of presence.others) {
      if (editor.answer_id)
        byEntry.set(editor.answer_id, [...(byEntry.get(editor.answer_id) ?? []), editor.name]);
    }
    return byEntry;
  }, [presence.others]);
  const dirtyCount = Object.values(drafts).filter((draft) => isDirty(draft)).length;
  return { ...transcript, drafts, actions, presence, editingBy, dirtyCount };
}

export type VersionSide = ReturnType<typeof useVersionSide>;
