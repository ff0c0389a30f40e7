import { Alert, AlertTitle, Box, Button, Stack, Typography } from '@mui/material';
import { DiffView } from '../diff/DiffView';
import { namesOf, type MergeConflict } from '../graphql/errors';
import type { Answer } from '../types';
import { ConflictMetaFields } from './ConflictMetaFields';
import type { Draft } from './drafts';

const FIELDS = [
  { key: 'text', label: 'Answer' },
  { key: 'question', label: 'Question' },
] as const;

function FullText({ title, text, testId }: { title: string; text: string; testId: string }) {
  return (
    <Box>
      <strong>{title}</strong>
      <Box
        sx={{
          whiteSpace: 'pre-wrap',
          p: 1,
          bgcolor: 'background.paper',
          borderRadius: 1,
          maxHeight: 200,
          overflow: 'auto',
        }}
        data-testid={testId}
      >
        {text}
      </Box>
    </Box>
  );
}

/**
 * A save that overlapped with someone else's: the three versions (the one I started from, theirs with
 * their name, mine), each side's changes marked against the base. Every choice keeps the other side's
 * changes wherever they do not overlap: "keep mine" puts my changes on top of theirs, "take theirs" lets
 * theirs win the overlap, "merge by hand" rebases my draft on theirs with theirs in view.
 */
export function ConflictPanel({
  position,
  draft,
  theirs,
  merge,
  onKeepMine,
  onTakeTheirs,
  onMergeByHand,
}: {
  position: number;
  draft: Draft;
  theirs: Answer;
  merge: MergeConflict<Answer> | null;
  onKeepMine(): void;
  onTakeTheirs(): void;
  onMergeByHand(): void;
}) {
  const who = namesOf(merge?.theirsBy ?? []);
  const base = merge?.base ?? {
    ...theirs,
    text: draft.base.text,
    question: draft.base.question,
    section: draft.base.section ?? null,
    speaker_id: draft.base.speaker_id ?? null,
    questioner_id: draft.base.questioner_id ?? null,
  };
  const fields = FIELDS.filter(
    (field) => base[field.key] !== theirs[field.key] || base[field.key] !== draft[field.key],
  );
  return (
    <Alert
      severity="warning"
      role="alert"
      data-testid={`conflict-${position}`}
      sx={{ '& .MuiAlert-message': { width: '100%' } }}
    >
      <AlertTitle>
        Not saved: {who} changed {fields.length ? 'the same words' : 'the section or people'} of entry{' '}
        {position} (now version {theirs.version})
      </AlertTitle>
      Your text is kept. Their changes and yours, each against the version you started from ({base.version}):
      {fields.map((field) => (
        <Box key={field.key} sx={{ mt: 1 }}>
          <DiffView
            dense
            context={12}
            label={`${field.label}: their changes (${who})`}
            before={base[field.key]}
            after={theirs[field.key]}
          />
          <DiffView
            dense
            context={12}
            label={`${field.label}: your changes`}
            before={base[field.key]}
            after={draft[field.key]}
          />
        </Box>
      ))}
      <ConflictMetaFields base={base} theirs={theirs} draft={draft} who={who} />
      <Box component="details" sx={{ mt: 1 }}>
        <Box component="summary" sx={{ cursor: 'pointer' }}>
          The three versions in full
        </Box>
        <Box sx={{ display: 'grid', gap: 1, mt: 1, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr 1fr' } }}>
          <FullText title="Base (you started here)" text={base.text} testId="base" />
          <FullText title={`Theirs (${who})`} text={theirs.text} testId="theirs" />
          <FullText title="Yours" text={draft.text} testId="mine" />
        </Box>
      </Box>
      <Typography variant="body2" sx={{ mt: 1 }}>
        Either way, the changes that do not overlap — theirs and yours — are kept.
      </Typography>
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mt: 1 }}>
        <Button
          variant="contained"
          color="warning"
          size="small"
          onClick={onKeepMine}
          aria-label={`Keep my version of entry ${position}`}
        >
          Keep mine (on top of theirs)
        </Button>
        <Button
          variant="outlined"
          color="inherit"
          size="small"
          onClick={onTakeTheirs}
          aria-label={`Take their version of entry ${position}`}
        >
          Take theirs
        </Button>
        <Button
          variant="outlined"
          color="inherit"
          size="small"
          onClick={onMergeByHand}
          aria-label={`Merge entry ${position} by hand`}
        >
          Merge by hand
        </Button>
      </Stack>
    </Alert>
  );
}

/** Their version kept in view while merging by hand. */
export function MergeReference({
  position,
  reference,
  draft,
  onDone,
}: {
  position: number;
  reference: Answer;
  draft: Draft;
  onDone(): void;
}) {
  return (
    <Alert
      severity="info"
      onClose={onDone}
      sx={{ '& .MuiAlert-message': { width: '100%' } }}
      closeText={`Hide their version of entry ${position}`}
    >
      <AlertTitle>Merging by hand with version {reference.version}</AlertTitle>
      Edit your text below until it says what it should, then save. Their version compared with yours:
      <DiffView dense context={12} label="theirs → yours" before={reference.text} after={draft.text} />
    </Alert>
  );
}
