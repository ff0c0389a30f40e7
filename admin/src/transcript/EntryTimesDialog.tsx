import { useState, type FormEvent } from 'react';
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  TextField,
} from '@mui/material';
import type { Answer } from '../types';
import { formatTime, parseTime } from './entryTimes';

export interface EntryTimes {
  startTime: number | null;
  endTime: number | null;
}

const typed = (seconds: number | null | undefined) =>
  typeof seconds === 'number' ? formatTime(seconds) : '';

/** Where the entry starts and ends in the recording, typed as times; checked before saving. */
export function EntryTimesDialog({
  answer,
  saving,
  onSave,
  onClose,
}: {
  answer: Answer;
  saving: boolean;
  onSave(times: EntryTimes): void;
  onClose(): void;
}) {
  const [start, setStart] = useState(() => typed(answer.startTime));
  const [end, setEnd] = useState(() => typed(answer.endTime));
  const startTime = parseTime(start);
  const endTime = parseTime(end);
  const order =
    typeof startTime === 'number' && typeof endTime === 'number' && endTime < startTime
      ? 'The end must not be before the start'
      : null;
  const invalid = startTime === undefined || endTime === undefined || !!order;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (startTime === undefined || endTime === undefined || order) return;
    onSave({ startTime, endTime });
  };
  const n = answer.position;
  return (
    <Dialog open onClose={onClose} aria-labelledby={`times-title-${n}`} maxWidth="xs" fullWidth>
      <form onSubmit={submit} noValidate>
        <DialogTitle id={`times-title-${n}`}>Times of entry {n}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            Where the entry is in the recording, as m:ss or h:mm:ss (with .mmm for milliseconds). Empty: no
            time.
          </DialogContentText>
          <Stack direction="row" sx={{ gap: 2 }}>
            <TextField
              label="Start"
              value={start}
              onChange={(event) => setStart(event.target.value)}
              error={startTime === undefined}
              helperText={startTime === undefined ? 'Not a time (e.g. 1:02.500)' : ' '}
              size="small"
              autoFocus
              slotProps={{ htmlInput: { inputMode: 'decimal', spellCheck: false } }}
            />
            <TextField
              label="End"
              value={end}
              onChange={(event) => setEnd(event.target.value)}
              error={endTime === undefined || !!order}
              helperText={endTime === undefined ? 'Not a time (e.g. 1:04)' : (order ?? ' ')}
              size="small"
              slotProps={{ htmlInput: { inputMode: 'decimal', spellCheck: false } }}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={invalid || saving}
            startIcon={saving ? <CircularProgress size={16} color="inherit" /> : undefined}
          >
            Save times
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
