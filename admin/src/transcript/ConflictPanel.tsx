import { Alert, AlertTitle, Box, Button, Stack } from '@mui/material';
import { DiffView } from '../diff/DiffView';
import type { Answer } from '../types';
import type { Draft } from './drafts';

/**
 * Both versions of an entry, when someone else saved it after the version being edited: keep mine
 * (resave over theirs), take theirs, or merge by hand. Nothing is lost either way until the editor chooses.
 */
export function ConflictPanel({
  position,
  draft,
  theirs,
  fromSave,
  onKeepMine,
  onTakeTheirs,
  onMergeByHand,
}: {
  position: number;
  draft: Draft;
  theirs: Answer;
  fromSave: boolean;
  onKeepMine(): void;
  onTakeTheirs(): void;
  onMergeByHand(): void;
}) {
  const questionDiffers = theirs.question !== draft.question;
  return (
    <Alert
      severity="warning"
      role="alert"
      data-testid={`conflict-${position}`}
      sx={{ '& .MuiAlert-message': { width: '100%' } }}
    >
      <AlertTitle>
        {fromSave
          ? `Not saved: someone else saved entry ${position} first (version ${theirs.version})`
          : `Someone else changed entry ${position} while you were editing it (now version ${theirs.version})`}
      </AlertTitle>
      Your text is kept. Compare the versions, then choose.
      <Box sx={{ mt: 1 }}>
        <DiffView dense context={12} label="Answer: theirs → yours" before={theirs.text} after={draft.text} />
        {questionDiffers ? (
          <DiffView
            dense
            context={12}
            label="Question: theirs → yours"
            before={theirs.question}
            after={draft.question}
          />
        ) : null}
      </Box>
      <Box component="details" sx={{ mt: 1 }}>
        <Box component="summary" sx={{ cursor: 'pointer' }}>
          Both versions in full
        </Box>
        <Box sx={{ display: 'grid', gap: 1, mt: 1, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
          <Box>
            <strong>Theirs</strong>
            <Box
              sx={{
                whiteSpace: 'pre-wrap',
                p: 1,
                bgcolor: 'background.paper',
                borderRadius: 1,
                maxHeight: 200,
                overflow: 'auto',
              }}
              data-testid="theirs"
            >
              {theirs.text}
            </Box>
          </Box>
          <Box>
            <strong>Yours</strong>
            <Box
              sx={{
                whiteSpace: 'pre-wrap',
                p: 1,
                bgcolor: 'background.paper',
                borderRadius: 1,
                maxHeight: 200,
                overflow: 'auto',
              }}
              data-testid="mine"
            >
              {draft.text}
            </Box>
          </Box>
        </Box>
      </Box>
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mt: 1 }}>
        <Button
          variant="contained"
          color="warning"
          size="small"
          onClick={onKeepMine}
          aria-label={`Keep my version of entry ${position}`}
        >
          Keep mine
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
