import { useState } from 'react';
import { Confirm } from 'react-admin';
import { Button } from '@mui/material';
import RestartAltIcon from '@mui/icons-material/RestartAlt';

/** Puts every entry back with the entry at the same position (n ↔ n), after asking. */
export function ResetAlignmentButton({ busy, onReset }: { busy: boolean; onReset(): void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button
        size="small"
        color="inherit"
        startIcon={<RestartAltIcon />}
        disabled={busy}
        onClick={() => setAsking(true)}
      >
        Reset alignment
      </Button>
      <Confirm
        isOpen={asking}
        title="Reset the alignment?"
        content="Every entry is paired again with the entry at the same position in the other version; the pairs made by hand are replaced (the history keeps them)."
        confirm="Reset"
        onConfirm={() => {
          setAsking(false);
          onReset();
        }}
        onClose={() => setAsking(false)}
      />
    </>
  );
}
