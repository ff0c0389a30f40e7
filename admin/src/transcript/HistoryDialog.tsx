import {
  Box,
  Button,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  Stack,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import RestoreIcon from '@mui/icons-material/Restore';
import { useGetList } from 'react-admin';
import { RevisionChanges } from '../diff/DiffView';
import { UserField } from '../revisions/RevisionFields';
import { RecordContextProvider } from 'react-admin';
import type { Answer, Revision } from '../types';

/** One entry's revisions, newest first, each as a word diff, with "restore this version". */
export function HistoryDialog({
  answer,
  onClose,
  onRestore,
  restoring,
  restoreBlocked,
}: {
  answer: Answer;
  onClose(): void;
  onRestore(revision: Revision): void;
  restoring: boolean;
  restoreBlocked: string | null;
}) {
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const { data, isPending, error } = useGetList<Revision>('revisions', {
    filter: { entity_id: answer.id },
    sort: { field: 'createdAt', order: 'DESC' },
    pagination: { page: 1, perPage: 100 },
  });
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="md"
      fullWidth
      fullScreen={fullScreen}
      aria-labelledby="history-title"
    >
      <DialogTitle id="history-title">History of entry {answer.position}</DialogTitle>
      <DialogContent dividers>
        {restoreBlocked ? (
          <Typography color="warning.main" sx={{ mb: 1 }}>
            {restoreBlocked}
          </Typography>
        ) : null}
        {isPending ? (
          <Box sx={{ display: 'grid', placeItems: 'center', p: 4 }}>
            <CircularProgress aria-label="Loading the history" />
          </Box>
        ) : error ? (
          <Typography color="error">The history could not be loaded.</Typography>
        ) : (
          <Stack divider={<Divider flexItem />} component="ol" sx={{ gap: 2, listStyle: 'none', p: 0, m: 0 }}>
            {(data ?? []).map((revision) => {
              const current = revision.version === answer.version;
              return (
                <Box component="li" key={revision.id} data-testid={`revision-${revision.version}`}>
                  <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
                    <Chip
                      size="small"
                      label={`Version ${revision.version}`}
                      color={current ? 'primary' : 'default'}
                    />
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {revision.action.toLowerCase()}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      {new Date(revision.createdAt).toLocaleString()} by{' '}
                      <RecordContextProvider value={revision}>
                        <UserField />
                      </RecordContextProvider>
                    </Typography>
                    <Box sx={{ flex: 1 }} />
                    {current ? (
                      <Typography variant="caption" color="text.secondary">
                        current version
                      </Typography>
                    ) : (
                      <Button
                        size="small"
                        startIcon={<RestoreIcon />}
                        disabled={restoring || !!restoreBlocked || !revision.after}
                        onClick={() => onRestore(revision)}
                        aria-label={`Restore version ${revision.version}`}
                      >
                        Restore this version
                      </Button>
                    )}
                  </Stack>
                  <RevisionChanges
                    before={revision.before}
                    after={revision.after}
                    dense
                    context={revision.before && revision.after ? 15 : undefined}
                  />
                </Box>
              );
            })}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
