import { Box, Button } from '@mui/material';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import type { Answer } from '../types';
import { AlignedCell } from './AlignedCell';
import type { TranslationStaleness } from './translationApi';
import type { VersionSide } from './useVersionSide';

export interface RowEntries {
  key: string;
  number: number;
  original: Answer[];
  translation: Answer[];
}

/**
 * One row of the side-by-side view: the original's entries on the left, their translation on the right
 * (one, several, or none: an empty cell), and "unpair" between them when both sides have entries.
 */
export function AlignedRowView({
  row,
  originalSide,
  translationSide,
  originalLanguage,
  translationLanguage,
  staleness,
  selected,
  onSelect,
  onUnpair,
  onMarkDone,
  markingDone,
  busy,
  onFocusEntry,
}: {
  row: RowEntries;
  originalSide: VersionSide;
  translationSide: VersionSide;
  originalLanguage: string;
  translationLanguage: string;
  staleness: Map<string, TranslationStaleness[]>;
  selected: Set<string>;
  onSelect(answerId: string, on: boolean): void;
  onUnpair(row: RowEntries): void;
  onMarkDone(answer: Answer, language: string): void;
  markingDone: string | null;
  busy: boolean;
  onFocusEntry(side: 'original' | 'translation', answerId: string | null): void;
}) {
  const paired = row.original.length > 0 && row.translation.length > 0;
  const describe = (entries: Answer[], language: string) =>
    entries.length ? `${language} ${entries.map((a) => a.position).join(' and ')}` : `nothing in ${language}`;
  return (
    <Box
      role="group"
      aria-label={`Row ${row.number}: ${describe(row.original, originalLanguage)} ↔ ${describe(row.translation, translationLanguage)}`}
      data-testid="aligned-row"
      data-original={row.original.map((a) => a.position).join(',')}
      data-translation={row.translation.map((a) => a.position).join(',')}
      sx={{
        display: 'grid',
        gap: { xs: 1, md: 2 },
        gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1fr) minmax(0, 1fr)' },
        borderTop: 1,
        borderColor: 'divider',
        pt: 1.5,
      }}
    >
      <AlignedCell
        side={originalSide}
        sideName="left"
        language={originalLanguage}
        entries={row.original}
        staleness={staleness}
        onMarkDone={onMarkDone}
        markingDone={markingDone}
        selected={selected}
        onSelect={onSelect}
        onFocusEntry={(id) => onFocusEntry('original', id)}
      />
      <AlignedCell
        side={translationSide}
        sideName="right"
        language={translationLanguage}
        entries={row.translation}
        staleness={staleness}
        onMarkDone={onMarkDone}
        markingDone={markingDone}
        selected={selected}
        onSelect={onSelect}
        onFocusEntry={(id) => onFocusEntry('translation', id)}
      />
      {paired ? (
        <Box sx={{ gridColumn: { md: '1 / span 2' }, display: 'flex', justifyContent: 'center' }}>
          <Button
            size="small"
            color="inherit"
            startIcon={<LinkOffIcon />}
            disabled={busy}
            onClick={() => onUnpair(row)}
            aria-label={`Unpair row ${row.number}`}
          >
            Unpair
          </Button>
        </Box>
      ) : null}
    </Box>
  );
}
