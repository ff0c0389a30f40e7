import type { RefObject } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import CallSplitIcon from '@mui/icons-material/CallSplit';
import type { AppDataProvider } from '../dataProvider';
import type { Answer } from '../types';
import { isDirty } from './drafts';
import { EntryActionButton } from './EntryActionButton';
import { useDraftActions } from './useEntryDrafts';
import { useStructureChange, useStructureChangeBusy } from './useStructureChange';

/** Splits the entry where the cursor is in its answer: the rest becomes the next entry (splitAnswer). */
export function SplitEntryButton({
  answer,
  textarea,
  disabled,
}: {
  answer: Answer;
  textarea: RefObject<HTMLTextAreaElement | null>;
  disabled: boolean;
}) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const drafts = useDraftActions();
  const busy = useStructureChangeBusy();
  const split = useStructureChange<{ answer: Answer; offset: number }>({
    describe: ({ answer }) => `Splitting entry ${answer.position}`,
    run: async ({ answer, offset }) => {
      const [first, second] = await dataProvider.splitAnswer(answer.id, offset, answer.version);
      drafts.discard(answer.id);
      return `Entry ${first.position} split: the rest is now entry ${second.position}`;
    },
  });

  const splitAtCursor = () => {
    const offset = textarea.current?.selectionStart ?? 0;
    if (isDirty(drafts.draftOf(answer.id))) {
      notify(`Save or discard your changes to entry ${answer.position} before splitting it`, {
        type: 'warning',
      });
      return;
    }
    if (offset <= 0 || offset >= answer.text.length) {
      notify('Put the cursor in the answer where the new entry should start, then split', {
        type: 'info',
      });
      return;
    }
    split.mutate({ answer, offset });
  };

  return (
    <EntryActionButton
      label={`Split entry ${answer.position} at the cursor`}
      onClick={splitAtCursor}
      disabled={busy || disabled}
    >
      <CallSplitIcon fontSize="small" />
    </EntryActionButton>
  );
}
