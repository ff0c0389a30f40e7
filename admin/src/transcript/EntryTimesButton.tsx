import { useState } from 'react';
import { useDataProvider } from 'react-admin';
import { Typography } from '@mui/material';
import ScheduleIcon from '@mui/icons-material/Schedule';
import type { AppDataProvider } from '../dataProvider';
import type { Answer } from '../types';
import { EntryActionButton } from './EntryActionButton';
import { timeRange } from './entryTimes';
import { EntryTimesDialog, type EntryTimes } from './EntryTimesDialog';
import { useDraftActions } from './useEntryDrafts';
import { useStructureChange, useStructureChangeBusy } from './useStructureChange';

/**
 * The entry's times in the recording, shown when it has some, and corrected in a dialog (updateAnswer with
 * its version). An open edit of the entry's words follows the new version, so it saves without a merge.
 */
export function EntryTimesButton({ answer, disabled }: { answer: Answer; disabled: boolean }) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const drafts = useDraftActions();
  const busy = useStructureChangeBusy();
  const [open, setOpen] = useState(false);
  const save = useStructureChange<{ answer: Answer; times: EntryTimes }>({
    describe: ({ answer }) => `Saving the times of entry ${answer.position}`,
    run: async ({ answer, times }) => {
      const saved = await drafts.ownChange(answer.id, async () => {
        const updated = await dataProvider.setAnswerTimes(answer.id, answer.version, times);
        drafts.update(answer.id, (d) =>
          d.baseVersion === answer.version ? { ...d, baseVersion: updated.version } : d,
        );
        return updated;
      });
      setOpen(false);
      const range = timeRange(saved.startTime, saved.endTime);
      return range
        ? `Times of entry ${answer.position} saved: ${range}`
        : `Times of entry ${answer.position} cleared`;
    },
  });
  const range = timeRange(answer.startTime, answer.endTime);
  const n = answer.position;
  return (
    <>
      {range ? (
        <Typography variant="caption" color="text.secondary" data-testid={`times-${n}`} sx={{ mx: 0.5 }}>
          {range}
        </Typography>
      ) : null}
      <EntryActionButton
        label={`Times of entry ${n}`}
        onClick={() => setOpen(true)}
        disabled={busy || disabled}
      >
        <ScheduleIcon fontSize="small" />
      </EntryActionButton>
      {open ? (
        <EntryTimesDialog
          answer={answer}
          saving={save.isPending}
          onSave={(times) => save.mutate({ answer, times })}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
