import { Box, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import { EntryCard } from '../transcript/EntryCard';
import { DraftActionsProvider } from '../transcript/useEntryDrafts';
import type { Answer } from '../types';
import { StaleMarker, staleChanges } from './StaleMarker';
import type { TranslationStaleness } from './translationApi';
import type { VersionSide } from './useVersionSide';

/**
 * One side of an aligned row: the entries of one version in it (none, one, or several paired with one
 * entry on the other side), each the transcript editor's own card under that version's drafts, with its
 * stale marker and a checkbox that selects it for pairing.
 */
export function AlignedCell({
  side,
  sideName,
  language,
  entries,
  staleness,
  onMarkDone,
  markingDone,
  selected,
  onSelect,
  onFocusEntry,
}: {
  side: VersionSide;
  sideName: 'left' | 'right';
  language: string;
  entries: Answer[];
  /** The stale marks of each entry, by entry id. */
  staleness: Map<string, TranslationStaleness[]>;
  onMarkDone(answer: Answer, language: string): void;
  /** The entry whose marks are being cleared. */
  markingDone: string | null;
  selected: Set<string>;
  onSelect(answerId: string, on: boolean): void;
  onFocusEntry(answerId: string | null): void;
}) {
  const nameOf = (speakerId: string | null | undefined) =>
    speakerId ? (side.speakerNames.get(speakerId) ?? null) : null;
  return (
    <DraftActionsProvider value={side.actions}>
      <Box
        data-side={sideName}
        data-testid={`cell-${sideName}`}
        sx={{ minWidth: 0 }}
        onFocusCapture={(event) => {
          const article = (event.target as HTMLElement).closest('[data-entry-id]');
          const entryId = article?.getAttribute('data-entry-id') ?? null;
          side.actions.focus(entryId);
          side.presence.report(entryId);
          onFocusEntry(entryId);
        }}
      >
        {entries.length === 0 ? (
          <Box
            sx={{
              height: '100%',
              minHeight: 64,
              border: 1,
              borderStyle: 'dashed',
              borderColor: 'divider',
              borderRadius: 1,
              display: 'grid',
              placeItems: 'center',
            }}
            data-testid="no-counterpart"
          >
            <Typography variant="body2" color="text.secondary">
              No counterpart in {language}
            </Typography>
          </Box>
        ) : (
          <Stack sx={{ gap: 1 }}>
            {entries.map((answer) => {
              const index = side.answers.findIndex((a) => a.id === answer.id);
              const marks = staleness.get(answer.id) ?? [];
              return (
                <Box key={answer.id}>
                  <FormControlLabel
                    sx={{ ml: 0 }}
                    control={
                      <Checkbox
                        size="small"
                        checked={selected.has(answer.id)}
                        onChange={(event) => onSelect(answer.id, event.target.checked)}
                      />
                    }
                    label={
                      <Typography variant="body2" color="text.secondary">
                        Select {language} entry {answer.position} for pairing
                      </Typography>
                    }
                  />
                  <EntryCard
                    answer={answer}
                    next={side.answers[index + 1] ?? null}
                    isFirst={index === 0}
                    draft={side.drafts[answer.id]}
                    speakerName={nameOf(answer.speaker_id)}
                    questionerName={nameOf(answer.questioner_id)}
                    editingBy={side.editingBy.get(answer.id)?.join(', ') ?? null}
                    linked={false}
                  />
                  {marks.map((mark) => (
                    <StaleMarker
                      key={mark.language}
                      position={answer.position}
                      language={language}
                      sourceLanguage={mark.language}
                      changes={staleChanges(mark)}
                      marking={markingDone === answer.id}
                      onMarkDone={() => onMarkDone(answer, mark.language)}
                    />
                  ))}
                </Box>
              );
            })}
          </Stack>
        )}
      </Box>
    </DraftActionsProvider>
  );
}
