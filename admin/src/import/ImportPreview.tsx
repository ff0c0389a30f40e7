import { Link as RouterLink } from 'react-router-dom';
import { Alert, AlertTitle, Box, Chip, Link, Stack, Typography } from '@mui/material';
import type { TranscriptPreview } from '../graphql/operations';
import { PreviewEntriesTable } from './PreviewEntriesTable';
import { PreviewKeptApart } from './PreviewKeptApart';

/**
 * What will be imported: format, counts, title, warnings (with their lines), speakers (new or existing),
 * sections, what is kept apart from the dialogue, and entries. `onLine` shows a line of the text.
 */
export function ImportPreview({
  preview,
  onLine,
}: {
  preview: TranscriptPreview;
  onLine(line: number): void;
}) {
  return (
    <Box data-testid="import-preview">
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', my: 1 }}>
        <Chip label={`Format: ${preview.format}`} color="primary" variant="outlined" size="small" />
        <Chip label={`${preview.entries.length} entries`} size="small" />
        <Chip label={`${preview.speakers.length} speakers`} size="small" />
        <Chip label={`${preview.sections.length} sections`} size="small" />
        <Chip label={`Language: ${preview.language}`} size="small" />
      </Stack>
      <Typography variant="subtitle1" component="p">
        <strong>{preview.title ?? '(no title: give one)'}</strong>
        {preview.publisher ? ` — ${preview.publisher}` : ''}
      </Typography>

      {preview.warnings.length ? (
        <Alert severity="warning" sx={{ my: 1 }}>
          <AlertTitle>
            {preview.warnings.length === 1 ? 'One warning' : `${preview.warnings.length} warnings`}
          </AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {preview.warnings.map((w, i) => (
              <li key={i}>
                {w.line !== null ? (
                  <Link
                    component="button"
                    type="button"
                    onClick={() => onLine(w.line as number)}
                    sx={{ verticalAlign: 'baseline' }}
                  >
                    Line {w.line}
                  </Link>
                ) : null}
                {w.line !== null ? ': ' : ''}
                {w.message}
              </li>
            ))}
          </Box>
        </Alert>
      ) : null}

      {preview.decisions.length ? (
        <Alert severity="info" sx={{ my: 1 }}>
          <AlertTitle>Guesses to check ({preview.decisions.length})</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {preview.decisions.map((d, i) => (
              <li key={i}>
                {d.line !== null ? (
                  <Link
                    component="button"
                    type="button"
                    onClick={() => onLine(d.line as number)}
                    sx={{ verticalAlign: 'baseline' }}
                  >
                    Line {d.line}
                  </Link>
                ) : null}
                {d.line !== null ? ': ' : ''}
                {d.message}
              </li>
            ))}
          </Box>
        </Alert>
      ) : null}

      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        Speakers
      </Typography>
      <Box component="ul" sx={{ mt: 0.5, pl: 2 }}>
        {preview.speakers.map((s) => (
          <li key={`${s.role}-${s.name}`}>
            <strong>{s.name}</strong> — {s.role.toLowerCase()}
            {s.title || s.organization
              ? `, ${[s.title, s.organization].filter(Boolean).join(', ')}`
              : ''}{' '}
            {s.existingSpeakerId ? (
              <Link component={RouterLink} to={`/speakers/${s.existingSpeakerId}/show`}>
                (existing speaker)
              </Link>
            ) : (
              <Typography component="span" variant="caption" color="text.secondary">
                (new speaker)
              </Typography>
            )}
          </li>
        ))}
      </Box>

      {preview.sections.length ? (
        <>
          <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
            Sections
          </Typography>
          <Box component="ol" sx={{ mt: 0.5, pl: 3 }}>
            {preview.sections.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </Box>
        </>
      ) : null}

      <PreviewKeptApart preview={preview} />

      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        Entries
      </Typography>
      <PreviewEntriesTable entries={preview.entries} onLine={onLine} />
    </Box>
  );
}
