import { useState } from 'react';
import { Confirm, useDataProvider, useNotify } from 'react-admin';
import MergeIcon from '@mui/icons-material/MergeType';
import type { AppDataProvider } from '../dataProvider';
import type { Answer } from '../types';
import { isDirty } from './drafts';
import { EntryActionButton } from './EntryActionButton';
import { useDraftActions } from './useEntryDrafts';
import { useStructureChange, useStructureChangeBusy } from './useStructureChange';

/** Joins the next entry's answer into this one after confirmation (mergeAnswers). */
export function MergeWithNextButton({
  answer,
  next,
  disabled,
}: {
  answer: Answer;
  next: Answer | null;
  disabled: boolean;
}) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const drafts = useDraftActions();
  const busy = useStructureChangeBusy();
  const [confirming, setConfirming] = useState(false);
  const merge = useStructureChange<{ first: Answer; second: Answer }>({
    describe: ({ first, second }) => `Merging entries ${first.position} and ${second.position}`,
    run: async ({ first, second }) => {
      const merged = await dataProvider.mergeAnswers([first.id, second.id]);
      return `Entries ${first.position} and ${second.position} merged into entry ${merged.position}`;
    },
  });

  const confirmMerge = () => {
    setConfirming(false);
    if (!next) return;
    if (isDirty(drafts.draftOf(answer.id)) || isDirty(drafts.draftOf(next.id))) {
      notify('Save or discard your changes to both entries before merging them', { type: 'warning' });
      return;
    }
    merge.mutate({ first: answer, second: next });
  };

  return (
    <>
      <EntryActionButton
        label={`Merge entry ${answer.position} with the next`}
        onClick={() => setConfirming(true)}
        disabled={!next || busy || disabled}
      >
        <MergeIcon fontSize="small" />
      </EntryActionButton>
      <Confirm
        isOpen={confirming}
        title={`Merge entry ${answer.position} with entry ${answer.position + 1}?`}
        content="The answers are joined into the first entry and the second entry is removed. Its history stays available."
        confirm="Merge"
        onConfirm={confirmMerge}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
