import { memo, useRef } from 'react';
import { Box, Button, Chip, IconButton, Paper, Stack, TextField, Tooltip, Typography } from '@mui/material';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import CallSplitIcon from '@mui/icons-material/CallSplit';
import MergeIcon from '@mui/icons-material/MergeType';
import HistoryIcon from '@mui/icons-material/History';
import UndoIcon from '@mui/icons-material/Undo';
import SaveIcon from '@mui/icons-material/Save';
import type { Answer } from '../types';
import { ConflictPanel, MergeReference } from './ConflictPanel';
import { isDirty, theirVersion, type Draft } from './drafts';

export interface EntryActions {
  change(answer: Answer, field: 'text' | 'question', value: string): void;
  save(id: string, version?: number): void;
  discard(id: string): void;
  move(answer: Answer, delta: -1 | 1): void;
  split(answer: Answer, offset: number): void;
  merge(answer: Answer): void;
  history(answer: Answer): void;
  mergeByHand(id: string, theirs: Answer): void;
  closeReference(id: string): void;
}

function Action({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick(): void;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Tooltip title={label}>
      <span>
        <IconButton size="small" aria-label={label} onClick={onClick} disabled={disabled}>
          {children}
        </IconButton>
      </span>
    </Tooltip>
  );
}

export const EntryCard = memo(function EntryCard({
  answer,
  isFirst,
  isLast,
  draft,
  speakerName,
  questionerName,
  busy,
  actions,
}: {
  answer: Answer;
  isFirst: boolean;
  isLast: boolean;
  draft: Draft | undefined;
  speakerName: string | null;
  questionerName: string | null;
  busy: boolean;
  actions: EntryActions;
}) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const n = answer.position;
  const dirty = isDirty(draft);
  const theirs = theirVersion(draft, answer);
  const saving = !!draft?.saving;
  const text = draft?.text ?? answer.text;
  const question = draft?.question ?? answer.question;
  const status = saving ? 'Saving…' : theirs ? 'Changed by someone else' : dirty ? 'Unsaved changes' : null;

  return (
    <Paper
      component="article"
      variant="outlined"
      aria-label={`Entry ${n}`}
      data-testid={`entry-${n}`}
      data-entry-id={answer.id}
      data-version={answer.version}
      sx={{
        p: { xs: 1.5, sm: 2 },
        borderLeft: 4,
        borderLeftColor: theirs ? 'warning.main' : dirty ? 'info.main' : 'divider',
      }}
    >
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        <Chip size="small" label={`#${n}`} />
        <Typography variant="body2" color="text.secondary">
          Asked by {questionerName ?? 'unknown'}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {status ? (
          <Typography
            variant="caption"
            color={theirs ? 'warning.main' : 'info.main'}
            role="status"
            data-testid="entry-status"
          >
            {status}
          </Typography>
        ) : null}
      </Stack>
      <TextField
        label={`Question ${n}`}
        value={question}
        onChange={(e) => actions.change(answer, 'question', e.target.value)}
        multiline
        fullWidth
        size="small"
        sx={{ mb: 1.5, '& textarea': { fontWeight: 600 } }}
      />
      <TextField
        label={`Answer ${n}${speakerName ? ` — ${speakerName}` : ''}`}
        value={text}
        onChange={(e) => actions.change(answer, 'text', e.target.value)}
        multiline
        minRows={2}
        maxRows={14}
        fullWidth
        inputRef={textarea}
        slotProps={{ htmlInput: { 'data-testid': `answer-text-${n}` } }}
      />
      {theirs && draft ? (
        <Box sx={{ mt: 1 }}>
          <ConflictPanel
            position={n}
            draft={draft}
            theirs={theirs}
            fromSave={!!draft.conflict}
            onKeepMine={() => actions.save(answer.id, theirs.version)}
            onTakeTheirs={() => actions.discard(answer.id)}
            onMergeByHand={() => actions.mergeByHand(answer.id, theirs)}
          />
        </Box>
      ) : null}
      {draft?.reference && !theirs ? (
        <Box sx={{ mt: 1 }}>
          <MergeReference
            position={n}
            reference={draft.reference}
            draft={draft}
            onDone={() => actions.closeReference(answer.id)}
          />
        </Box>
      ) : null}
      <Stack direction="row" sx={{ alignItems: 'center', gap: 0.5, flexWrap: 'wrap', mt: 1 }}>
        <Button
          size="small"
          variant={dirty ? 'contained' : 'outlined'}
          startIcon={<SaveIcon />}
          disabled={!dirty || saving || !!theirs}
          onClick={() => actions.save(answer.id)}
          aria-label={`Save entry ${n}`}
        >
          Save
        </Button>
        <Action
          label={`Discard changes to entry ${n}`}
          onClick={() => actions.discard(answer.id)}
          disabled={!dirty || saving}
        >
          <UndoIcon fontSize="small" />
        </Action>
        <Box sx={{ flex: 1 }} />
        <Action
          label={`Move entry ${n} up`}
          onClick={() => actions.move(answer, -1)}
          disabled={isFirst || busy || saving}
        >
          <ArrowUpwardIcon fontSize="small" />
        </Action>
        <Action
          label={`Move entry ${n} down`}
          onClick={() => actions.move(answer, 1)}
          disabled={isLast || busy || saving}
        >
          <ArrowDownwardIcon fontSize="small" />
        </Action>
        <Action
          label={`Split entry ${n} at the cursor`}
          onClick={() => actions.split(answer, textarea.current?.selectionStart ?? 0)}
          disabled={busy || saving}
        >
          <CallSplitIcon fontSize="small" />
        </Action>
        <Action
          label={`Merge entry ${n} with the next`}
          onClick={() => actions.merge(answer)}
          disabled={isLast || busy || saving}
        >
          <MergeIcon fontSize="small" />
        </Action>
        <Action label={`History of entry ${n}`} onClick={() => actions.history(answer)}>
          <HistoryIcon fontSize="small" />
        </Action>
      </Stack>
    </Paper>
  );
});
