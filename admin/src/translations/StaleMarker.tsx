import { Alert, AlertTitle, Box, Button, CircularProgress } from '@mui/material';
import DoneIcon from '@mui/icons-material/Done';
import { DiffView } from '../diff/DiffView';
import type { TranslationStaleness } from './translationApi';
import { languageName } from './useVersions';

/** One field of the counterpart that changed since this entry was translated. */
export interface StaleChange {
  field: 'text' | 'question';
  before: string;
  after: string;
}

const FIELD_LABEL: Record<StaleChange['field'], string> = { text: 'Answer', question: 'Question' };

/** The fields that changed in each counterpart entry of the mark (a deleted entry: all of it removed). */
export function staleChanges(mark: TranslationStaleness): StaleChange[] {
  return mark.sources.flatMap((source) =>
    (['question', 'text'] as const).flatMap((field): StaleChange[] => {
      const after = source.after?.[field] ?? '';
      return source.before[field] === after ? [] : [{ field, before: source.before[field], after }];
    }),
  );
}

/**
 * "Changed in English since translated": what changed in the counterpart (a word diff per field) since
 * this entry was last edited, until an editor brings the translation up to date and marks it done.
 */
export function StaleMarker({
  position,
  language,
  sourceLanguage,
  changes,
  onMarkDone,
  marking,
}: {
  position: number;
  /** The language of the stale entry. */
  language: string;
  sourceLanguage: string;
  changes: StaleChange[];
  onMarkDone(): void;
  marking: boolean;
}) {
  const source = languageName(sourceLanguage);
  return (
    <Alert
      severity="warning"
      data-testid={`stale-${language}-${position}`}
      sx={{ mt: 1, '& .MuiAlert-message': { width: '100%' } }}
    >
      <AlertTitle>Changed in {source} since translated</AlertTitle>
      {changes.map((change) => (
        <Box key={change.field} sx={{ mt: 0.5 }}>
          <DiffView
            dense
            context={12}
            label={`${FIELD_LABEL[change.field]} in ${source}`}
            before={change.before}
            after={change.after}
          />
        </Box>
      ))}
      <Button
        size="small"
        variant="outlined"
        color="inherit"
        sx={{ mt: 1 }}
        startIcon={marking ? <CircularProgress size={14} color="inherit" /> : <DoneIcon />}
        disabled={marking}
        onClick={onMarkDone}
        aria-label={`Mark done: ${language} entry ${position} is up to date with ${source}`}
      >
        Mark done
      </Button>
    </Alert>
  );
}
