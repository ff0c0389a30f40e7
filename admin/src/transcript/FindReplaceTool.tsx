import { useEffect, useMemo, useState } from 'react';
import { useNotify } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  List,
  ListItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import FindReplaceIcon from '@mui/icons-material/FindReplace';
import UndoIcon from '@mui/icons-material/Undo';
import { conflictOf, errorCode, errorMessage } from '../graphql/errors';
import type { Answer } from '../types';
import {
  findInTranscript,
  matchKey,
  replaceInTranscript,
  undoOperation,
  type FindOptions,
  type TranscriptMatch,
} from './findReplaceOperations';
import { useRefreshTranscript } from './useTranscript';

/** Typing pauses this long before the preview is asked for. */
const PREVIEW_DELAY_MS = 250;

interface DoneReplace {
  operationId: string;
  replaced: number;
  entryCount: number;
}

/**
 * Find and replace across the whole transcript: a preview of every match (entry, field, the words around
 * it, the match marked), match case / whole words, a checkbox per match; the chosen ones are replaced as one
 * operation (one versioned change per entry), which "Undo replace" takes back in one step.
 */
export function FindReplaceTool({ interviewId }: { interviewId: string }) {
  const notify = useNotify();
  const refresh = useRefreshTranscript();
  const [open, setOpen] = useState(false);
  const [find, setFind] = useState('');
  const [replacement, setReplacement] = useState('');
  const [options, setOptions] = useState<FindOptions>({ matchCase: false, wholeWord: false });
  const [matches, setMatches] = useState<TranscriptMatch[]>([]);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [working, setWorking] = useState(false);
  const [done, setDone] = useState<DoneReplace | null>(null);
  const [previewRound, setPreviewRound] = useState(0);

  useEffect(() => {
    if (!open || !find) {
      setMatches([]);
      setPreviewError(null);
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setSearching(true);
      findInTranscript(interviewId, find, options, controller.signal)
        .then((found) => {
          setMatches(found);
          setExcluded(new Set());
          setPreviewError(null);
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          setMatches([]);
          setPreviewError(errorMessage(error));
        })
        .finally(() => {
          if (!controller.signal.aborted) setSearching(false);
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, find, options, interviewId, previewRound]);

  const chosen = useMemo(() => matches.filter((m) => !excluded.has(matchKey(m))), [matches, excluded]);
  const entryCount = new Set(matches.map((m) => m.answer_id)).size;

  const toggle = (match: TranscriptMatch) =>
    setExcluded((current) => {
      const next = new Set(current);
      const key = matchKey(match);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const apply = async () => {
    setWorking(true);
    try {
      const result = await replaceInTranscript(interviewId, find, replacement, options, chosen);
      if (result.operation_id) {
        setDone({
          operationId: result.operation_id,
          replaced: result.replaced,
          entryCount: result.answers.length,
        });
      }
      notify(
        `Replaced ${result.replaced} ${result.replaced === 1 ? 'match' : 'matches'} in ${result.answers.length} ${
          result.answers.length === 1 ? 'entry' : 'entries'
        }`,
        { type: 'success' },
      );
    } catch (error) {
      const changed = conflictOf<Answer>(error);
      notify(
        changed
          ? `Entry ${changed.position} changed since the preview: nothing was replaced; the preview is up to date now, check it and replace again`
          : `Nothing was replaced: ${errorMessage(error)}`,
        { type: changed ? 'warning' : 'error' },
      );
    } finally {
      setWorking(false);
      setPreviewRound((round) => round + 1);
      await refresh();
    }
  };

  const undo = async () => {
    if (!done) return;
    setWorking(true);
    try {
      const result = await undoOperation(done.operationId);
      setDone(null);
      notify(
        `Replace undone in ${result.answers.length} ${result.answers.length === 1 ? 'entry' : 'entries'}`,
        {
          type: 'success',
        },
      );
    } catch (error) {
      const changed = conflictOf<Answer>(error);
      if (changed || errorCode(error) === 'NOT_FOUND') setDone(null);
      notify(
        changed
          ? `The replace cannot be undone in one step: entry ${changed.position} was changed after it (its history can restore it)`
          : `The replace was not undone: ${errorMessage(error)}`,
        { type: 'error' },
      );
    } finally {
      setWorking(false);
      setPreviewRound((round) => round + 1);
      await refresh();
    }
  };

  const undoButton = done ? (
    <Button size="small" startIcon={<UndoIcon />} onClick={() => void undo()} disabled={working}>
      Undo replace ({done.replaced} in {done.entryCount} {done.entryCount === 1 ? 'entry' : 'entries'})
    </Button>
  ) : null;

  return (
    <>
      <Button size="small" startIcon={<FindReplaceIcon />} onClick={() => setOpen(true)}>
        Find and replace
      </Button>
      {open ? null : undoButton}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        fullWidth
        maxWidth="md"
        aria-labelledby="find-replace-title"
      >
        <DialogTitle id="find-replace-title">Find and replace in this transcript</DialogTitle>
        <DialogContent>
          <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: 1, mt: 1 }}>
            <TextField
              label="Find"
              value={find}
              onChange={(event) => setFind(event.target.value)}
              autoFocus
              fullWidth
              size="small"
            />
            <TextField
              label="Replace with"
              value={replacement}
              onChange={(event) => setReplacement(event.target.value)}
              fullWidth
              size="small"
            />
          </Stack>
          <Stack direction="row" sx={{ gap: 2, flexWrap: 'wrap' }}>
            <FormControlLabel
              control={
                <Checkbox
                  checked={options.matchCase}
                  onChange={(event) => setOptions({ ...options, matchCase: event.target.checked })}
                />
              }
              label="Match case"
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={options.wholeWord}
                  onChange={(event) => setOptions({ ...options, wholeWord: event.target.checked })}
                />
              }
              label="Whole words"
            />
          </Stack>
          {previewError ? <Alert severity="error">{previewError}</Alert> : null}
          {done ? (
            <Alert severity="success" action={undoButton} sx={{ mb: 1 }}>
              Replaced {done.replaced} in {done.entryCount} {done.entryCount === 1 ? 'entry' : 'entries'}.
            </Alert>
          ) : null}
          {find && !previewError ? (
            <Stack direction="row" sx={{ alignItems: 'center', gap: 1 }}>
              <Typography variant="body2" role="status" data-testid="match-count" sx={{ flex: 1 }}>
                {searching
                  ? 'Searching…'
                  : matches.length
                    ? `${matches.length} ${matches.length === 1 ? 'match' : 'matches'} in ${entryCount} ${
                        entryCount === 1 ? 'entry' : 'entries'
                      }; ${chosen.length} chosen`
                    : 'No matches'}
              </Typography>
              {matches.length ? (
                <>
                  <Button size="small" onClick={() => setExcluded(new Set())}>
                    Choose all
                  </Button>
                  <Button size="small" onClick={() => setExcluded(new Set(matches.map(matchKey)))}>
                    Choose none
                  </Button>
                </>
              ) : null}
            </Stack>
          ) : null}
          <List dense aria-label="Matches" sx={{ maxHeight: '50vh', overflow: 'auto' }}>
            {matches.map((match, index) => (
              <ListItem
                key={matchKey(match)}
                disableGutters
                data-testid="match"
                sx={{ alignItems: 'flex-start' }}
              >
                <Checkbox
                  size="small"
                  checked={!excluded.has(matchKey(match))}
                  onChange={() => toggle(match)}
                  slotProps={{
                    input: {
                      'aria-label': `Replace match ${index + 1}: entry ${match.position}, ${
                        match.field === 'question' ? 'question' : 'answer'
                      }`,
                    },
                  }}
                />
                <Box sx={{ pt: 1 }}>
                  <Typography variant="caption" color="text.secondary" component="div">
                    Entry {match.position}
                    {match.section ? ` · ${match.section}` : ''} ·{' '}
                    {match.field === 'question' ? 'question' : 'answer'}
                  </Typography>
                  <Typography variant="body2" component="div" sx={{ whiteSpace: 'pre-wrap' }}>
                    {match.before}
                    <Box component="mark" sx={{ bgcolor: 'warning.light', color: 'text.primary', px: 0.25 }}>
                      {match.match}
                    </Box>
                    {match.after}
                  </Typography>
                </Box>
              </ListItem>
            ))}
          </List>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Close</Button>
          <Button
            variant="contained"
            onClick={() => void apply()}
            disabled={working || searching || chosen.length === 0}
          >
            Replace {chosen.length} {chosen.length === 1 ? 'match' : 'matches'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
