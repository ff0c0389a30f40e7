/**
 * The transcript editor: one page per interview with every entry in order, grouped by section. Each
 * entry is corrected inline and saved on its own (updateAnswer with the version it was loaded at);
 * entries move up and down, split at the cursor and merge with the next; each has its history with
 * "restore this version". Others' changes arrive live; an entry changed under unsaved edits says so, and a
 * refused save (CONFLICT) shows both versions. Ctrl/Cmd+S saves; leaving with unsaved changes asks first.
 */
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useParams, useBlocker, Link } from 'react-router-dom';
import {
  Confirm,
  Title,
  useDataProvider,
  useGetList,
  useGetOne,
  useNotify,
  useAuthenticated,
  LinearProgress,
} from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Paper,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import SaveIcon from '@mui/icons-material/Save';
import VisibilityIcon from '@mui/icons-material/Visibility';
import type { AppDataProvider } from '../dataProvider';
import { conflictOf, errorCode, errorMessage } from '../graphql/errors';
import { useContentChanges } from '../live/LiveUpdates';
import { PublishButton } from '../interviews/PublishButton';
import { StatusChip } from '../shared/fields';
import { useSaveShortcut } from '../shared/useSaveShortcut';
import type { Answer, Interview, Revision, Speaker } from '../types';
import { EntryCard, type EntryActions } from './EntryCard';
import { HistoryDialog } from './HistoryDialog';
import { isDirty, newDraft, type Draft } from './drafts';

type Drafts = Record<string, Draft>;

function LeaveGuard({ dirtyCount }: { dirtyCount: number }) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirtyCount > 0 && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (dirtyCount === 0) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirtyCount]);
  if (blocker.state !== 'blocked') return null;
  return (
    <Dialog open onClose={() => blocker.reset?.()} aria-labelledby="leave-title">
      <DialogTitle id="leave-title">Leave with unsaved changes?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {dirtyCount === 1 ? 'One entry has' : `${dirtyCount} entries have`} unsaved changes. They will be
          lost if you leave this page.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => blocker.proceed?.()} color="error">
          Leave without saving
        </Button>
        <Button onClick={() => blocker.reset?.()} variant="contained" autoFocus>
          Stay
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function TranscriptEditor() {
  useAuthenticated();
  const { id = '' } = useParams<{ id: string }>();
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();

  const interviewQuery = useGetOne<Interview>('interviews', { id }, { enabled: !!id });
  const answersQuery = useGetList<Answer>('answers', {
    filter: { interview_id: id },
    sort: { field: 'position', order: 'ASC' },
    pagination: { page: 1, perPage: 1000 },
  });
  const interview = interviewQuery.data;
  const answers = useMemo(() => answersQuery.data ?? [], [answersQuery.data]);

  const speakerIds = useMemo(() => {
    const ids = new Set<string>(interview?.speaker_ids ?? []);
    for (const a of answers) {
      if (a.speaker_id) ids.add(a.speaker_id);
      if (a.questioner_id) ids.add(a.questioner_id);
    }
    return [...ids].sort();
  }, [answers, interview?.speaker_ids]);
  const speakersQuery = useGetList<Speaker>(
    'speakers',
    {
      filter: { ids: speakerIds },
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'name', order: 'ASC' },
    },
    { enabled: speakerIds.length > 0 },
  );
  const speakerNames = useMemo(
    () => new Map((speakersQuery.data ?? []).map((s) => [s.id, s.name])),
    [speakersQuery.data],
  );

  /** A section's heading goes before its first entry. */
  const headings = useMemo(
    () => answers.map((a, i) => (a.section && a.section !== answers[i - 1]?.section ? a.section : null)),
    [answers],
  );
  const [drafts, setDrafts] = useState<Drafts>({});
  // Event handlers read the latest drafts and entries through these.
  const draftsRef = useRef(drafts);
  const answersRef = useRef(answers);
  useLayoutEffect(() => {
    draftsRef.current = drafts;
    answersRef.current = answers;
  }, [drafts, answers]);
  const [busy, setBusy] = useState(false);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [mergeCandidate, setMergeCandidate] = useState<Answer | null>(null);
  const focusedEntry = useRef<string | null>(null);

  const refresh = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['answers'] }),
      queryClient.invalidateQueries({ queryKey: ['interviews'] }),
      queryClient.invalidateQueries({ queryKey: ['revisions'] }),
    ]);
  }, [queryClient]);

  const updateDraft = useCallback((answerId: string, update: (draft: Draft) => Draft | null) => {
    setDrafts((current) => {
      const draft = current[answerId];
      if (!draft) return current;
      const next = { ...current };
      const updated = update(draft);
      if (updated) next[answerId] = updated;
      else delete next[answerId];
      return next;
    });
  }, []);

  const save = useCallback(
    async (answerId: string, version?: number) => {
      const draft = draftsRef.current[answerId];
      const answer = answersRef.current.find((a) => a.id === answerId);
      if (!draft || !answer || draft.saving) return;
      const sent = { text: draft.text, question: draft.question };
      // Only the fields the editor changed: "keep mine" must not undo their change of the other one.
      const changed: Partial<typeof sent> = {};
      if (draft.text !== draft.base.text) changed.text = draft.text;
      if (draft.question !== draft.base.question) changed.question = draft.question;
      const baseVersion = version ?? draft.baseVersion;
      updateDraft(answerId, (d) => ({ ...d, saving: true, conflict: null }));
      try {
        const { data } = await dataProvider.update<Answer>('answers', {
          id: answerId,
          data: { ...changed, version: baseVersion },
          previousData: answer,
        });
        updateDraft(answerId, (d) => {
          // Typed on while saving: keep the newer text, now based on the saved version.
          if (d.text !== sent.text || d.question !== sent.question) {
            return { ...d, saving: false, baseVersion: data.version, base: sent, reference: null };
          }
          return null;
        });
        notify(`Entry ${answer.position} saved`, { type: 'success' });
        await refresh();
      } catch (error) {
        const theirs = conflictOf<Answer>(error);
        if (theirs) {
          updateDraft(answerId, (d) => ({ ...d, saving: false, conflict: theirs }));
          notify(`Entry ${answer.position} was changed by someone else: choose which version to keep`, {
            type: 'warning',
          });
          void refresh();
        } else {
          updateDraft(answerId, (d) => ({ ...d, saving: false }));
          notify(`Entry ${answer.position} not saved: ${errorMessage(error)}`, { type: 'error' });
        }
      }
    },
    [dataProvider, notify, refresh, updateDraft],
  );

  const saveAll = useCallback(() => {
    const dirty = Object.entries(draftsRef.current).filter(([, d]) => isDirty(d) && !d.saving);
    const focused = focusedEntry.current;
    const targets = focused && dirty.some(([key]) => key === focused) ? [focused] : dirty.map(([key]) => key);
    if (targets.length === 0) {
      notify('Nothing to save', { type: 'info' });
      return;
    }
    for (const target of targets) void save(target);
  }, [notify, save]);

  /** Structure changes (move, split, merge, restore) share the busy flag and the error handling. */
  const structural = useCallback(
    async (what: string, run: () => Promise<string | void>) => {
      setBusy(true);
      try {
        const message = await run();
        if (message) notify(message, { type: 'success' });
      } catch (error) {
        notify(
          errorCode(error) === 'CONFLICT'
            ? `${what}: someone else changed this entry meanwhile; the page is up to date now, try again`
            : `${what} failed: ${errorMessage(error)}`,
          { type: 'error' },
        );
      } finally {
        await refresh();
        setBusy(false);
      }
    },
    [notify, refresh],
  );

  const actions: EntryActions = useMemo(
    () => ({
      change(answer, field, value) {
        setDrafts((current) => {
          const draft = current[answer.id] ?? newDraft(answer);
          return { ...current, [answer.id]: { ...draft, [field]: value, label: `entry ${answer.position}` } };
        });
        focusedEntry.current = answer.id;
      },
      save(answerId, version) {
        void save(answerId, version);
      },
      discard(answerId) {
        updateDraft(answerId, () => null);
      },
      move(answer, delta) {
        void structural(`Moving entry ${answer.position}`, async () => {
          const moved = await dataProvider.moveAnswer(answer.id, answer.position + delta, answer.version);
          // The move bumped the version: an open edit of this entry follows it.
          updateDraft(answer.id, (d) =>
            d.baseVersion === answer.version
              ? { ...d, baseVersion: moved.version, label: `entry ${moved.position}` }
              : d,
          );
          return `Entry ${answer.position} moved to position ${moved.position}`;
        });
      },
      split(answer, offset) {
        if (isDirty(draftsRef.current[answer.id])) {
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
        void structural(`Splitting entry ${answer.position}`, async () => {
          const [first, second] = await dataProvider.splitAnswer(answer.id, offset, answer.version);
          updateDraft(answer.id, () => null);
          return `Entry ${first.position} split: the rest is now entry ${second.position}`;
        });
      },
      merge(answer) {
        setMergeCandidate(answer);
      },
      history(answer) {
        setHistoryOf(answer.id);
      },
      mergeByHand(answerId, theirs) {
        updateDraft(answerId, (d) => ({
          ...d,
          baseVersion: theirs.version,
          conflict: null,
          reference: theirs,
        }));
      },
      closeReference(answerId) {
        updateDraft(answerId, (d) => ({ ...d, reference: null }));
      },
    }),
    [dataProvider, notify, save, structural, updateDraft],
  );

  const confirmMerge = () => {
    const answer = mergeCandidate;
    setMergeCandidate(null);
    if (!answer) return;
    const next = answersRef.current.find((a) => a.position === answer.position + 1);
    if (!next) return;
    if (isDirty(draftsRef.current[answer.id]) || isDirty(draftsRef.current[next.id])) {
      notify('Save or discard your changes to both entries before merging them', { type: 'warning' });
      return;
    }
    void structural(`Merging entries ${answer.position} and ${next.position}`, async () => {
      const merged = await dataProvider.mergeAnswers([answer.id, next.id]);
      return `Entries ${answer.position} and ${next.position} merged into entry ${merged.position}`;
    });
  };

  const historyAnswer = answers.find((a) => a.id === historyOf) ?? null;
  const restore = async (revision: Revision) => {
    if (!historyAnswer) return;
    setRestoring(true);
    await structural(`Restoring version ${revision.version}`, async () => {
      const restored = await dataProvider.revertAnswer(historyAnswer.id, revision.id, historyAnswer.version);
      return `Entry ${restored.position} restored to version ${revision.version} (saved as version ${restored.version})`;
    });
    setRestoring(false);
  };

  // Live: say so when an entry being edited changes under the editor.
  useContentChanges((change) => {
    if (change.entity.toUpperCase() !== 'ANSWER') return;
    const draft = draftsRef.current[change.id];
    if (!draft || !isDirty(draft) || draft.saving) return;
    if (change.version !== null && change.version <= draft.baseVersion) return;
    if (change.type === 'DELETED') {
      notify(`The ${draft.label} you are editing was removed by someone else; your text is kept below`, {
        type: 'warning',
      });
    } else {
      notify(`Someone else changed ${draft.label} while you were editing it`, { type: 'warning' });
    }
  });

  useSaveShortcut(saveAll);

  const dirtyIds = Object.entries(drafts)
    .filter(([, d]) => isDirty(d))
    .map(([key]) => key);
  const known = new Set(answers.map((a) => a.id));
  const orphans = answersQuery.isFetching ? [] : dirtyIds.filter((key) => !known.has(key));

  if (interviewQuery.error || answersQuery.error) {
    return (
      <Alert severity="error" sx={{ m: 2 }}>
        The transcript could not be loaded: {errorMessage(interviewQuery.error ?? answersQuery.error)}
      </Alert>
    );
  }
  if (!interview || answersQuery.isPending) {
    return (
      <Box sx={{ p: 4 }} role="status" aria-label="Loading the transcript">
        <LinearProgress timeout={0} />
      </Box>
    );
  }

  return (
    <Box
      sx={{ maxWidth: 980, mx: 'auto', px: { xs: 0.5, sm: 2 }, pb: 8 }}
      onFocusCapture={(event) => {
        const article = (event.target as HTMLElement).closest('[data-entry-id]');
        focusedEntry.current = article?.getAttribute('data-entry-id') ?? null;
      }}
    >
      <Title title={`Transcript: ${interview.title}`} />
      <LeaveGuard dirtyCount={dirtyIds.length} />
      <Card sx={{ mt: 2, mb: 2 }}>
        <CardContent>
          <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: 1, alignItems: { sm: 'center' } }}>
            <Box sx={{ flex: 1 }}>
              <Typography variant="h5" component="h1">
                {interview.title}
              </Typography>
              <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}>
                <StatusChip status={interview.status} />
                <Typography variant="body2" color="text.secondary">
                  {[interview.publisher, `${answers.length} entries`, `version ${interview.version}`]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography>
              </Stack>
              {speakerNames.size ? (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                  Speakers: {[...speakerNames.values()].join(', ')}
                </Typography>
              ) : null}
            </Box>
            <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap' }}>
              <PublishButton record={interview} onDone={() => void refresh()} />
              <Button
                component={Link}
                to={`/interviews/${interview.id}`}
                size="small"
                startIcon={<EditIcon />}
              >
                Details
              </Button>
              <Button
                component={Link}
                to={`/interviews/${interview.id}/show`}
                size="small"
                startIcon={<VisibilityIcon />}
              >
                Show
              </Button>
            </Stack>
          </Stack>
        </CardContent>
        {busy || answersQuery.isFetching ? <LinearProgress timeout={0} sx={{ width: '100%', m: 0 }} /> : null}
      </Card>

      {orphans.map((key) => (
        <Alert
          key={key}
          severity="warning"
          sx={{ mb: 2, '& .MuiAlert-message': { width: '100%' } }}
          onClose={() => updateDraft(key, () => null)}
          closeText="Dismiss this removed entry"
        >
          <AlertTitle>
            The {drafts[key].label} you were editing was removed by someone else (merged or deleted)
          </AlertTitle>
          Your text is kept here: copy what you need into another entry.
          <TextField
            value={drafts[key].text}
            multiline
            fullWidth
            size="small"
            sx={{ mt: 1 }}
            label="Your unsaved text"
            slotProps={{ htmlInput: { readOnly: true } }}
          />
        </Alert>
      ))}

      {answers.length === 0 ? <Typography>This interview has no entries yet.</Typography> : null}

      <Stack component="section" aria-label="Entries" sx={{ gap: 2 }}>
        {answers.map((answer, index) => {
          const heading = headings[index];
          return (
            <Fragment key={answer.id}>
              {heading ? (
                <Typography
                  variant="h6"
                  component="h2"
                  sx={{ mt: 2, borderBottom: 1, borderColor: 'divider' }}
                >
                  {heading}
                </Typography>
              ) : null}
              <EntryCard
                answer={answer}
                isFirst={index === 0}
                isLast={index === answers.length - 1}
                draft={drafts[answer.id]}
                speakerName={answer.speaker_id ? (speakerNames.get(answer.speaker_id) ?? null) : null}
                questionerName={
                  answer.questioner_id ? (speakerNames.get(answer.questioner_id) ?? null) : null
                }
                busy={busy}
                actions={actions}
              />
            </Fragment>
          );
        })}
      </Stack>

      {dirtyIds.length ? (
        <Paper
          elevation={3}
          sx={{
            position: 'sticky',
            bottom: 8,
            zIndex: 2,
            p: 1,
            mt: 2,
            display: 'flex',
            alignItems: 'center',
            gap: 1,
          }}
        >
          <Typography variant="body2" sx={{ flex: 1 }} role="status">
            {dirtyIds.length === 1 ? 'One entry has' : `${dirtyIds.length} entries have`} unsaved changes
            (Ctrl+S / ⌘S saves)
          </Typography>
          <Button
            size="small"
            variant="contained"
            startIcon={<SaveIcon />}
            onClick={() => dirtyIds.forEach((key) => void save(key))}
          >
            Save all
          </Button>
        </Paper>
      ) : null}

      {historyAnswer ? (
        <HistoryDialog
          answer={historyAnswer}
          onClose={() => setHistoryOf(null)}
          onRestore={(revision) => void restore(revision)}
          restoring={restoring}
          restoreBlocked={
            isDirty(drafts[historyAnswer.id])
              ? 'Save or discard your changes to this entry before restoring a version.'
              : null
          }
        />
      ) : null}

      <Confirm
        isOpen={!!mergeCandidate}
        title={
          mergeCandidate
            ? `Merge entry ${mergeCandidate.position} with entry ${mergeCandidate.position + 1}?`
            : ''
        }
        content="The answers are joined into the first entry and the second entry is removed. Its history stays available."
        confirm="Merge"
        onConfirm={confirmMerge}
        onClose={() => setMergeCandidate(null)}
      />
    </Box>
  );
}
