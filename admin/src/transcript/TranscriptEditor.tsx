/**
 * The transcript editor: one page per interview with every entry in order, grouped by section. Each
 * entry is corrected inline and saved on its own (updateAnswer with the version it was loaded at);
 * entries move up and down, split at the cursor and merge with the next; each has its history with
 * "restore this version". A link with `?entry=<id>` (search, latest changes) opens at that entry. Others' changes arrive live; an entry changed under unsaved edits says so, and a
 * refused save (CONFLICT) shows both versions. Ctrl/Cmd+S saves; leaving with unsaved changes asks first.
 *
 * Where things are: the drafts and saving in useEntryDrafts, structure changes in their buttons
 * (MoveEntryButtons, SplitEntryButton, MergeWithNextButton, EntryHistoryButton) through useStructureChange.
 */
import { useParams } from 'react-router-dom';
import { LinearProgress, Title, useAuthenticated } from 'react-admin';
import { Alert, Box, Typography } from '@mui/material';
import { errorMessage } from '../graphql/errors';
import { useSaveShortcut } from '../shared/useSaveShortcut';
import { isDirty } from './drafts';
import { LeaveGuard } from './LeaveGuard';
import { RemovedEntryAlert } from './RemovedEntryAlert';
import { SectionedEntries } from './SectionedEntries';
import { TranscriptHeader } from './TranscriptHeader';
import { UnsavedChangesBar } from './UnsavedChangesBar';
import { DraftActionsProvider, useEntryDrafts } from './useEntryDrafts';
import { useLinkedEntry } from './useLinkedEntry';
import { usePresence } from './usePresence';
import { useRefreshTranscript, useTranscript } from './useTranscript';

export function TranscriptEditor() {
  useAuthenticated();
  const { id = '' } = useParams<{ id: string }>();
  const { interview, answers, speakerNames, error, answersPending, answersFetching } = useTranscript(id);
  const { drafts, actions } = useEntryDrafts(answers);
  const presence = usePresence(id);
  const linkedEntryId = useLinkedEntry(answers);
  const editingBy = new Map<string, string[]>();
  for (const editor of presence.others) {
    if (editor.answer_id)
      editingBy.set(editor.answer_id, [...(editingBy.get(editor.answer_id) ?? []), editor.name]);
  }
  const refresh = useRefreshTranscript();
  useSaveShortcut(actions.saveFocusedOrAll);

  const dirtyIds = Object.entries(drafts)
    .filter(([, d]) => isDirty(d))
    .map(([key]) => key);
  const known = new Set(answers.map((a) => a.id));
  const removedIds = answersFetching ? [] : dirtyIds.filter((key) => !known.has(key));

  if (error) {
    return (
      <Alert severity="error" sx={{ m: 2 }}>
        The transcript could not be loaded: {errorMessage(error)}
      </Alert>
    );
  }
  if (!interview || answersPending) {
    return (
      <Box sx={{ p: 4 }} role="status" aria-label="Loading the transcript">
        <LinearProgress timeout={0} />
      </Box>
    );
  }

  return (
    <DraftActionsProvider value={actions}>
      <Box
        sx={{ maxWidth: 980, mx: 'auto', px: { xs: 0.5, sm: 2 }, pb: 8 }}
        onFocusCapture={(event) => {
          const article = (event.target as HTMLElement).closest('[data-entry-id]');
          const entryId = article?.getAttribute('data-entry-id') ?? null;
          actions.focus(entryId);
          presence.report(entryId);
        }}
      >
        <Title title={`Transcript: ${interview.title}`} />
        <LeaveGuard dirtyCount={dirtyIds.length} />
        <TranscriptHeader
          interview={interview}
          entryCount={answers.length}
          speakerNames={speakerNames}
          fetching={answersFetching}
          onPublished={() => void refresh()}
        />
        {presence.others.length ? (
          <Typography variant="body2" color="text.secondary" data-testid="presence" sx={{ mb: 1 }}>
            Also open: {[...new Set(presence.others.map((editor) => editor.name))].join(', ')}
          </Typography>
        ) : null}
        {removedIds.map((key) => (
          <RemovedEntryAlert key={key} draft={drafts[key]} onDismiss={() => actions.discard(key)} />
        ))}
        {answers.length === 0 ? <Typography>This interview has no entries yet.</Typography> : null}
        <SectionedEntries
          answers={answers}
          drafts={drafts}
          speakerNames={speakerNames}
          editingBy={editingBy}
          linkedEntryId={linkedEntryId}
        />
        {dirtyIds.length ? (
          <UnsavedChangesBar dirtyCount={dirtyIds.length} onSaveAll={actions.saveAll} />
        ) : null}
      </Box>
    </DraftActionsProvider>
  );
}
