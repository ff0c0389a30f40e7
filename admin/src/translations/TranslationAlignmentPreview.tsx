import { useState } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  CircularProgress,
  Stack,
  Typography,
} from '@mui/material';
import LinkIcon from '@mui/icons-material/Link';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import type { TranscriptOptions, TranslationMismatchKind, TranslationPreview } from '../graphql/operations';
import { excerpt } from '../shared/fields';
import { languageName } from './useVersions';

export type AlignmentPairs = NonNullable<TranscriptOptions['alignment']>;

const FLAG_LABEL: Record<TranslationMismatchKind, string> = {
  ENTRY_COUNT: 'Entry counts differ',
  SECTION_MISSING: 'Section missing',
  SPEAKER_MISMATCH: 'Speaker does not match',
  UNPAIRED: 'No counterpart',
};

/** The pairs the preview shows (rows with entries on both sides), as positions. */
export function pairsOf(preview: TranslationPreview): AlignmentPairs {
  return preview.rows
    .filter((row) => row.original.length > 0 && row.translation.length > 0)
    .map((row) => ({
      original: row.original.map((entry) => entry.position),
      translation: row.translation.map((entry) => entry.position),
    }));
}

/** Pairs these positions together; pairs touching any of them are dissolved first (as the service does). */
export function pairPositions(
  pairs: AlignmentPairs,
  original: number[],
  translation: number[],
): AlignmentPairs {
  const kept = pairs.filter(
    (pair) =>
      !pair.original.some((p) => original.includes(p)) &&
      !pair.translation.some((p) => translation.includes(p)),
  );
  return [
    ...kept,
    { original: [...original].sort((a, b) => a - b), translation: [...translation].sort((a, b) => a - b) },
  ];
}

/**
 * Importing a translation: the service's proposed alignment with the original, side by side (entry n ↔
 * entry n unless adjusted), with what does not line up flagged — different entry counts, a section of the
 * original without counterpart, speakers that do not correspond, entries without counterpart. The editor
 * re-pairs selected entries or unpairs a row; each change is previewed again by the service, flags
 * included, and imported as shown.
 */
export function TranslationAlignmentPreview({
  translation,
  adjusted,
  previewing,
  onChange,
}: {
  translation: TranslationPreview;
  /** Whether the editor changed the proposed alignment. */
  adjusted: boolean;
  previewing: boolean;
  /** A new alignment to preview and import; null goes back to the service's proposal. */
  onChange(pairs: AlignmentPairs | null): void;
}) {
  const [originalSelected, setOriginalSelected] = useState<number[]>([]);
  const [translationSelected, setTranslationSelected] = useState<number[]>([]);
  const original = translation.original.language;
  const target = translation.language;
  const toggle = (list: number[], position: number, on: boolean) =>
    on ? [...list.filter((p) => p !== position), position] : list.filter((p) => p !== position);
  const clear = () => {
    setOriginalSelected([]);
    setTranslationSelected([]);
  };
  const pairSelected = () => {
    onChange(pairPositions(pairsOf(translation), originalSelected, translationSelected));
    clear();
  };
  const unpair = (row: TranslationPreview['rows'][number]) => {
    const originalPositions = row.original.map((entry) => entry.position);
    onChange(
      pairsOf(translation).filter((pair) => !pair.original.some((p) => originalPositions.includes(p))),
    );
  };

  return (
    <Card
      component="section"
      aria-labelledby="translation-alignment"
      aria-busy={previewing}
      sx={{ gridColumn: '1 / -1' }}
      data-testid="translation-alignment"
    >
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
          <Typography id="translation-alignment" variant="h6" component="h2" sx={{ flex: 1 }}>
            4. Alignment with “{translation.original.title}” ({languageName(original)} →{' '}
            {languageName(target)})
          </Typography>
          {previewing ? <CircularProgress size={18} aria-label="Updating the alignment" /> : null}
          <Button
            size="small"
            startIcon={<RestartAltIcon />}
            disabled={!adjusted || previewing}
            onClick={() => onChange(null)}
          >
            Back to entry n ↔ entry n
          </Button>
        </Stack>
        {translation.mismatches.length ? (
          <Alert severity="warning" sx={{ my: 1 }} data-testid="alignment-flags">
            <AlertTitle>What does not line up ({translation.mismatches.length})</AlertTitle>
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {translation.mismatches.map((mismatch, index) => (
                <li key={index}>
                  <strong>{FLAG_LABEL[mismatch.kind]}:</strong> {mismatch.message}
                </li>
              ))}
            </Box>
          </Alert>
        ) : (
          <Alert severity="success" sx={{ my: 1 }}>
            Every entry has its counterpart, in the same sections, with corresponding speakers.
          </Alert>
        )}
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Select entries on both sides and pair them (one with one, one with two when the translator split an
          entry, two with one when they merged), or unpair a row. The import saves the alignment shown.
        </Typography>
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr) auto',
            columnGap: 2,
            alignItems: 'start',
          }}
        >
          <Typography variant="subtitle2" component="h3">
            {languageName(original)} (original)
          </Typography>
          <Typography variant="subtitle2" component="h3">
            {languageName(target)} (this import)
          </Typography>
          <span />
          {translation.rows.map((row, index) => {
            const key = `${row.original.map((e) => e.position).join(',')}|${row.translation.map((e) => e.position).join(',')}`;
            return (
              <Box
                key={key || index}
                role="group"
                aria-label={`Proposed row ${index + 1}`}
                data-testid="alignment-row"
                data-original={row.original.map((e) => e.position).join(',')}
                data-translation={row.translation.map((e) => e.position).join(',')}
                sx={{
                  display: 'grid',
                  gridColumn: '1 / -1',
                  gridTemplateColumns: 'subgrid',
                  borderTop: 1,
                  borderColor: 'divider',
                  py: 1,
                  bgcolor: row.mismatches.length ? 'rgba(237, 108, 2, 0.06)' : undefined,
                }}
              >
                <Box sx={{ minWidth: 0 }}>
                  {row.original.length === 0 ? (
                    <Typography variant="body2" color="text.secondary">
                      No counterpart in {original}
                    </Typography>
                  ) : (
                    row.original.map((entry) => (
                      <PreviewEntryChoice
                        key={entry.id}
                        language={original}
                        position={entry.position}
                        speaker={entry.speaker?.name ?? null}
                        text={entry.text}
                        checked={originalSelected.includes(entry.position)}
                        onChange={(on) => setOriginalSelected((list) => toggle(list, entry.position, on))}
                      />
                    ))
                  )}
                </Box>
                <Box sx={{ minWidth: 0 }}>
                  {row.translation.length === 0 ? (
                    <Typography variant="body2" color="text.secondary">
                      No counterpart in {target}
                    </Typography>
                  ) : (
                    row.translation.map((entry) => (
                      <PreviewEntryChoice
                        key={entry.position}
                        language={target}
                        position={entry.position}
                        speaker={entry.speaker}
                        text={entry.text}
                        checked={translationSelected.includes(entry.position)}
                        onChange={(on) => setTranslationSelected((list) => toggle(list, entry.position, on))}
                      />
                    ))
                  )}
                  {row.mismatches.length ? (
                    <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap', mt: 0.5 }}>
                      {row.mismatches.map((kind) => (
                        <Chip
                          key={kind}
                          size="small"
                          color="warning"
                          variant="outlined"
                          label={FLAG_LABEL[kind]}
                        />
                      ))}
                    </Stack>
                  ) : null}
                </Box>
                <Box>
                  {row.original.length && row.translation.length ? (
                    <Button
                      size="small"
                      color="inherit"
                      startIcon={<LinkOffIcon />}
                      disabled={previewing}
                      onClick={() => unpair(row)}
                      aria-label={`Unpair proposed row ${index + 1}`}
                    >
                      Unpair
                    </Button>
                  ) : null}
                </Box>
              </Box>
            );
          })}
        </Box>
        <Stack direction="row" sx={{ gap: 1, mt: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="body2" role="status" sx={{ flex: 1 }}>
            Selected: {originalSelected.length} {original} and {translationSelected.length} {target}
          </Typography>
          <Button
            size="small"
            variant="contained"
            startIcon={<LinkIcon />}
            disabled={!originalSelected.length || !translationSelected.length || previewing}
            onClick={pairSelected}
          >
            Pair selected
          </Button>
          <Button
            size="small"
            onClick={clear}
            disabled={!originalSelected.length && !translationSelected.length}
          >
            Clear selection
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}

/** An entry of the proposed alignment with the checkbox that selects it for pairing. */
function PreviewEntryChoice({
  language,
  position,
  speaker,
  text,
  checked,
  onChange,
}: {
  language: string;
  position: number;
  speaker: string | null;
  text: string;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  return (
    <Stack direction="row" sx={{ alignItems: 'flex-start', gap: 0.5 }}>
      <Checkbox
        size="small"
        sx={{ p: 0.5 }}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        slotProps={{ input: { 'aria-label': `Select ${language} entry ${position} for pairing` } }}
      />
      <Typography variant="body2" lang={language} sx={{ pt: 0.5, minWidth: 0 }}>
        <strong>#{position}</strong>
        {speaker ? ` ${speaker}:` : ''} {excerpt(text, 160)}
      </Typography>
    </Stack>
  );
}
