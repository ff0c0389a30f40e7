/**
 * The transcript editor: one page per interview with every entry in order, grouped by section. Each
 * entry is corrected inline and saved on its own (updateAnswer with the version it was loaded at);
 * entries move up and down, split at the cursor and merge with the next; each has its history with
 * "restore this version". A link with `?entry=<id>` (search, latest changes) opens at that entry. Others' changes arrive live; an entry changed under unsaved edits says so, and a
 * refused save (CONFLICT) shows both versions. Ctrl/Cmd+S saves; leaving with unsaved changes asks first.
 * An entry's section, questioner and speaker are changed inline too; find and replace works across the
 * transcript; keyboard shortcuts (shortcuts.ts, "?" lists them) move between entries, split and merge; on
 * wide screens an outline beside the entries jumps to any of them.
 *
 * Where things are: the drafts and saving in useEntryDrafts, structure changes in their buttons
 * (MoveEntryButtons, SplitEntryButton, MergeWithNextButton, EntryHistoryButton) and the entry's times
 * (EntryTimesButton) through useStructureChange.
 */
import { useCallback, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { LinearProgress, Title, useAuthenticated } from 'react-admin';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import KeyboardIcon from '@mui/icons-material/Keyboard';
import { errorMessage } from '../graphql/errors';
import { useSaveShortcut } from '../shared/useSaveShortcut';
import { isDirty } from './drafts';
import { EntryChoicesProvider, type EntryChoices } from './entryChoices';
import { FindReplaceTool } from './FindReplaceTool';
import { LeaveGuard } from './LeaveGuard';
import { RemovedEntryAlert } from './RemovedEntryAlert';
import { SectionedEntries } from './SectionedEntries';
import { ShortcutsHelpDialog } from './ShortcutsHelpDialog';
import { TranscriptOutline } from './TranscriptOutline';
import { TranscriptHeader } from './TranscriptHeader';
import { UnsavedChangesBar } from './UnsavedChangesBar';
import { DraftActionsProvider, useEntryDrafts } from './useEntryDrafts';
import { useLinkedEntry } from './useLinkedEntry';
import { usePresence } from './usePresence';
import { useRefreshTranscript, useTranscript } from './useTranscript';
import { goToEntry, useTranscriptShortcuts } from './useTranscriptShortcuts';

export function TranscriptEditor() {
  useAuthenticated();
  const { id = '' } = useParams<{ id: string }>();
  const { interview, answers, speakerNames, error, answersPending, answersFetching } = useTranscript(id);
  const { drafts, actions } = useEntryDrafts(answers);
  const presence = usePresence(id);
  const linkedEntryId = useLinkedEntry(answers, !!interview && !answersPending && !error);
  const editingBy = new Map<string, string[]>();
  for (const editor of presence.others) {
    if (editor.answer_id)
      editingBy.set(editor.answer_id, [...(editingBy.get(editor.answer_id) ?? []), editor.name]);
  }
  const refresh = useRefreshTranscript();
  useSaveShortcut(actions.saveFocusedOrAll);
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useTranscriptShortcuts(container, openHelp);
  const jumpTo = useCallback(
    (answerId: string) => {
      const entry = container?.querySelector<HTMLElement>(`article[data-entry-id="${answerId}"]`);
      if (entry) goToEntry(entry);
    },
    [container],
  );
  // Names of speakers picked or created while editing, until the transcript's own list has them.
  const [pickedNames, setPickedNames] = useState<Map<string, string>>(new Map());
  const choices: EntryChoices = useMemo(
    () => ({
      sections: interview?.sections ?? [],
      speakerNames: new Map([...pickedNames, ...speakerNames]),
      rememberSpeaker: (speakerId, name) =>
        setPickedNames((current) =>
          current.get(speakerId) === name ? current : new Map(current).set(speakerId, name),
        ),
    }),
    [interview?.sections, pickedNames, speakerNames],
  );

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
      <EntryChoicesProvider value={choices}>
        <Box
          ref={setContainer}
          sx={{
            display: 'grid',
            gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 1fr) 300px' },
            columnGap: 2,
            alignItems: 'start',
            px: { xs: 0.5, sm: 2 },
            pb: 8,
          }}
          onFocusCapture={(event) => {
            const article = (event.target as HTMLElement).closest('[data-entry-id]');
            const entryId = article?.getAttribute('data-entry-id') ?? null;
            actions.focus(entryId);
            presence.report(entryId);
          }}
        >
          <Box sx={{ minWidth: 0 }}>
            <Title title="Transcript" />
            <LeaveGuard dirtyCount={dirtyIds.length} />
            <TranscriptHeader
              interview={interview}
              entryCount={answers.length}
              speakerNames={speakerNames}
              fetching={answersFetching}
              unsavedCount={dirtyIds.length}
              onPublished={() => void refresh()}
            />
            <Stack
              direction="row"
              sx={{ gap: 1, flexWrap: 'wrap', mb: 1 }}
              role="toolbar"
              aria-label="Transcript tools"
            >
              <FindReplaceTool interviewId={interview.id} />
              <Button size="small" startIcon={<KeyboardIcon />} onClick={openHelp} aria-keyshortcuts="?">
                Keyboard shortcuts
              </Button>
            </Stack>
            <ShortcutsHelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
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
          <Box sx={{ display: { xs: 'none', lg: 'block' }, alignSelf: 'stretch' }}>
            <TranscriptOutline answers={answers} onJump={jumpTo} />
          </Box>
        </Box>
      </EntryChoicesProvider>
    </DraftActionsProvider>
  );
}
