import { Alert, Card, CardContent, CircularProgress, Stack, Typography } from '@mui/material';
import type { ApiErrorInfo } from '../graphql/errors';
import type { TranscriptPreview } from '../graphql/operations';
import { fieldOf, lineOf } from './importErrors';
import { ImportPreview } from './ImportPreview';

/**
 * The preview beside the forms, or why there is none yet. An error that names neither an option nor a
 * line is shown here; the others are shown where they point.
 */
export function ImportPreviewCard({
  preview,
  previewing,
  error,
  hasText,
  onLine,
}: {
  preview: TranscriptPreview | null;
  previewing: boolean;
  error: ApiErrorInfo | null;
  hasText: boolean;
  onLine(line: number): void;
}) {
  return (
    <Card component="section" aria-labelledby="import-preview" aria-busy={previewing}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', gap: 1 }}>
          <Typography id="import-preview" variant="h6" component="h2" sx={{ flex: 1 }}>
            3. Preview
          </Typography>
          {previewing ? <CircularProgress size={18} aria-label="Updating the preview" /> : null}
        </Stack>
        {error && !fieldOf(error) && lineOf(error) === null ? (
          <Alert severity="error" sx={{ mt: 1 }} role="alert">
            {error.message}
          </Alert>
        ) : null}
        {!preview ? (
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {hasText
              ? error
                ? 'Fix the error to see the preview.'
                : 'Reading the transcript…'
              : 'Paste or upload a transcript to see what will be imported.'}
          </Typography>
        ) : (
          <ImportPreview preview={preview} onLine={onLine} />
        )}
      </CardContent>
    </Card>
  );
}
