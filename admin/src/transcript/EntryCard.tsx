import { memo, useRef } from 'react';
import {
  Box,
  Button,
  Chip,
  Paper,
  Stack,
  TextField,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import UndoIcon from '@mui/icons-material/Undo';
import SaveIcon from '@mui/icons-material/Save';
import type { Answer } from '../types';
import { ConflictPanel, MergeReference } from './ConflictPanel';
import { isDirty, theirVersion, type Draft } from './drafts';
import { EntryActionButton } from './EntryActionButton';
import { useEntryChoices } from './entryChoices';
import { EntryHistoryButton } from './EntryHistoryButton';
import { EntryMetaFields } from './EntryMetaFields';
import { EntryTimesButton } from './EntryTimesButton';
import { MergeWithNextButton } from './MergeWithNextButton';
import { MoveEntryButtons } from './MoveEntryButtons';
import { SplitEntryButton } from './SplitEntryButton';
import { useDraftActions } from './useEntryDrafts';

/**
 * One entry: its question and answer corrected inline, their version beside mine when someone else
 * saved it meanwhile, and the buttons that save, discard, move, split, merge and show its history.
 */
export const EntryCard = memo(function EntryCard({
  answer,
  next,
  isFirst,
  draft,
  speakerName,
  questionerName,
  editingBy,
  linked,
}: {
  answer: Answer;
  /** The entry after this one, null for the last. */
  next: Answer | null;
  isFirst: boolean;
  draft: Draft | undefined;
  speakerName: string | null;
  questionerName: string | null;
  /** Others editing this entry right now ("Ana, Ben"), or null. */
  editingBy: string | null;
  /** The entry a link pointed at (`?entry=`): it stands out. */
  linked: boolean;
}) {
  const actions = useDraftActions();
  const choices = useEntryChoices();
  const textarea = useRef<HTMLTextAreaElement>(null);
  // Wide screens have long lines: fewer rows hold the same text, and more entries fit on the screen.
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('lg'));
  const n = answer.position;
  const dirty = isDirty(draft);
  const theirs = theirVersion(draft, answer);
  const saving = !!draft?.saving;
  const text = draft?.text ?? answer.text;
  const question = draft?.question ?? answer.question;
  // A refused save is a conflict to settle; a newer version heard live is merged when saving.
  const conflict = theirs && draft?.conflict ? theirs : null;
  const status = saving
    ? 'Saving…'
    : conflict
      ? 'Changed by someone else'
      : theirs
        ? 'Newer version saved: yours will merge'
        : dirty
          ? 'Unsaved changes'
          : null;

  return (
    <Paper
      component="article"
      variant="outlined"
      aria-label={`Entry ${n}`}
      data-testid={`entry-${n}`}
      data-entry-id={answer.id}
      data-version={answer.version}
      data-linked={linked || undefined}
      aria-current={linked ? 'location' : undefined}
      sx={{
        p: { xs: 1.5, sm: 2 },
        borderLeft: 4,
        borderLeftColor: conflict
          ? 'warning.main'
          : dirty
            ? 'info.main'
            : linked
              ? 'secondary.main'
              : 'divider',
        ...(linked ? { outline: 2, outlineColor: 'secondary.light', bgcolor: 'action.hover' } : {}),
      }}
    >
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        <Chip size="small" label={`#${n}`} />
        {answer.continuation ? (
          <Chip
            size="small"
            variant="outlined"
            label={`Continues entry ${n - 1}`}
            data-testid="continuation"
          />
        ) : null}
        {choices ? (
          <EntryMetaFields answer={answer} draft={draft} disabled={saving} />
        ) : (
          <Typography variant="body2" color="text.secondary">
            Asked by {questionerName ?? 'unknown'}
          </Typography>
        )}
        {editingBy ? (
          <Chip
            size="small"
            variant="outlined"
            color="secondary"
            label={`${editingBy} editing`}
            data-testid="editing-by"
          />
        ) : null}
        <Box sx={{ flex: 1 }} />
        {status ? (
          <Typography
            variant="caption"
            color={conflict ? 'warning.main' : 'info.main'}
            role="status"
            data-testid="entry-status"
          >
            {status}
          </Typography>
        ) : null}
      </Stack>
      <TextField
        label={`Question ${n}`}
        helperText={
          answer.continuation && !question ? 'Continues the answer above: no question of its own' : undefined
        }
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
        maxRows={wide ? 8 : 14}
        fullWidth
        inputRef={textarea}
        slotProps={{ htmlInput: { 'data-testid': `answer-text-${n}` } }}
      />
      {conflict && draft ? (
        <Box sx={{ mt: 1 }}>
          <ConflictPanel
            position={n}
            draft={draft}
            theirs={conflict}
            merge={draft.merge}
            onKeepMine={() =>
              draft.merge ? actions.resolve(answer.id, 'yours') : actions.mergeByHand(answer.id, conflict)
            }
            onTakeTheirs={() =>
              draft.merge ? actions.resolve(answer.id, 'theirs') : actions.discard(answer.id)
            }
            onMergeByHand={() => actions.mergeByHand(answer.id, conflict)}
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
          disabled={!dirty || saving || !!conflict}
          onClick={() => actions.save(answer.id)}
          aria-label={`Save entry ${n}`}
        >
          Save
        </Button>
        <EntryActionButton
          label={`Discard changes to entry ${n}`}
          onClick={() => actions.discard(answer.id)}
          disabled={!dirty || saving}
        >
          <UndoIcon fontSize="small" />
        </EntryActionButton>
        <Box sx={{ flex: 1 }} />
        <MoveEntryButtons answer={answer} isFirst={isFirst} isLast={!next} disabled={saving} />
        <SplitEntryButton answer={answer} textarea={textarea} disabled={saving} />
        <MergeWithNextButton answer={answer} next={next} disabled={saving} />
        <EntryTimesButton answer={answer} disabled={saving} />
        <EntryHistoryButton answer={answer} dirty={dirty} />
      </Stack>
    </Paper>
  );
});
