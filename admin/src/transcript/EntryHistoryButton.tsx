import { useState } from 'react';
import { useDataProvider } from 'react-admin';
import HistoryIcon from '@mui/icons-material/History';
import type { AppDataProvider } from '../dataProvider';
import type { Answer, Revision } from '../types';
import { EntryActionButton } from './EntryActionButton';
import { HistoryDialog } from './HistoryDialog';
import { useStructureChange } from './useStructureChange';

/** Opens the entry's history, where an earlier version can be restored (revertAnswer with its version). */
export function EntryHistoryButton({ answer, dirty }: { answer: Answer; dirty: boolean }) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const [open, setOpen] = useState(false);
  const restore = useStructureChange<{ answer: Answer; revision: Revision }>({
    describe: ({ revision }) => `Restoring version ${revision.version}`,
    run: async ({ answer, revision }) => {
      const restored = await dataProvider.revertAnswer(answer.id, revision.id, answer.version);
      return `Entry ${restored.position} restored to version ${revision.version} (saved as version ${restored.version})`;
    },
  });
  return (
    <>
      <EntryActionButton label={`History of entry ${answer.position}`} onClick={() => setOpen(true)}>
        <HistoryIcon fontSize="small" />
      </EntryActionButton>
      {open ? (
        <HistoryDialog
          answer={answer}
          onClose={() => setOpen(false)}
          onRestore={(revision) => restore.mutate({ answer, revision })}
          restoring={restore.isPending}
          restoreBlocked={
            dirty ? 'Save or discard your changes to this entry before restoring a version.' : null
          }
        />
      ) : null}
    </>
  );
}
