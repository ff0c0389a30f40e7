import { Alert, AlertTitle, TextField } from '@mui/material';
import type { Draft } from './drafts';

/** An entry removed by someone else (merged or deleted) while it had unsaved changes: its text is kept. */
export function RemovedEntryAlert({ draft, onDismiss }: { draft: Draft; onDismiss(): void }) {
  return (
    <Alert
      severity="warning"
      sx={{ mb: 2, '& .MuiAlert-message': { width: '100%' } }}
      onClose={onDismiss}
      closeText="Dismiss this removed entry"
    >
      <AlertTitle>
        The {draft.label} you were editing was removed by someone else (merged or deleted)
      </AlertTitle>
      Your text is kept here: copy what you need into another entry.
      {draft.question !== draft.base.question ? (
        <KeptText label="Your unsaved question" value={draft.question} />
      ) : null}
      <KeptText label="Your unsaved text" value={draft.text} />
    </Alert>
  );
}

/** Unsaved words shown read-only, to be copied. */
function KeptText({ label, value }: { label: string; value: string }) {
  return (
    <TextField
      value={value}
      multiline
      fullWidth
      size="small"
      sx={{ mt: 1 }}
      label={label}
      slotProps={{ htmlInput: { readOnly: true } }}
    />
  );
}
