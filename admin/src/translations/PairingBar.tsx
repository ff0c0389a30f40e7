import { Button, Paper, Typography } from '@mui/material';
import LinkIcon from '@mui/icons-material/Link';
import ClearIcon from '@mui/icons-material/Clear';

/**
 * Stays at the bottom while entries are selected for pairing: pairs the selected original entries with
 * the selected translation entries (one with one, one with two, two with one), their earlier pairs
 * dissolved; or leaves the selected entries without counterpart.
 */
export function PairingBar({
  originalLanguage,
  translationLanguage,
  originalCount,
  translationCount,
  busy,
  onPair,
  onUnpair,
  onClear,
}: {
  originalLanguage: string;
  translationLanguage: string;
  originalCount: number;
  translationCount: number;
  busy: boolean;
  onPair(): void;
  onUnpair(): void;
  onClear(): void;
}) {
  const canPair = originalCount > 0 && translationCount > 0;
  return (
    <Paper
      elevation={3}
      component="section"
      aria-label="Pairing"
      sx={{
        position: 'sticky',
        bottom: 8,
        zIndex: 2,
        p: 1,
        mt: 2,
        display: 'flex',
        alignItems: 'center',
        gap: 1,
        flexWrap: 'wrap',
      }}
    >
      <Typography variant="body2" sx={{ flex: 1 }} role="status" data-testid="pairing-selection">
        Selected: {originalCount} {originalLanguage} and {translationCount} {translationLanguage}
        {canPair ? '' : ` — select entries on both sides to pair them`}
      </Typography>
      <Button
        size="small"
        variant="contained"
        startIcon={<LinkIcon />}
        disabled={!canPair || busy}
        onClick={onPair}
      >
        Pair selected
      </Button>
      <Button size="small" disabled={busy} onClick={onUnpair}>
        Leave without counterpart
      </Button>
      <Button size="small" startIcon={<ClearIcon />} onClick={onClear}>
        Clear selection
      </Button>
    </Paper>
  );
}
