import { Button, Paper, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';

/** Stays at the bottom of the screen while entries have unsaved changes. */
export function UnsavedChangesBar({ dirtyCount, onSaveAll }: { dirtyCount: number; onSaveAll(): void }) {
  return (
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
        {dirtyCount === 1 ? 'One entry has' : `${dirtyCount} entries have`} unsaved changes (Ctrl+S / ⌘S
        saves)
      </Typography>
      <Button size="small" variant="contained" startIcon={<SaveIcon />} onClick={onSaveAll}>
        Save all
      </Button>
    </Paper>
  );
}
