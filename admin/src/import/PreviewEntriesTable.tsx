import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { TranscriptPreview } from '../graphql/operations';
import { excerpt } from '../shared/fields';

/** The entries to import, one row each, with the line of the text each starts at. */
export function PreviewEntriesTable({
  entries,
  onLine,
}: {
  entries: TranscriptPreview['entries'];
  onLine(line: number): void;
}) {
  return (
    <TableContainer sx={{ maxHeight: 520 }}>
      <Table size="small" stickyHeader aria-label="Entries to import">
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>Question</TableCell>
            <TableCell>Answer</TableCell>
            <TableCell>Line</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((e) => (
            <TableRow key={e.position} data-testid="preview-entry">
              <TableCell sx={{ verticalAlign: 'top' }}>{e.position}</TableCell>
              <TableCell sx={{ verticalAlign: 'top', minWidth: 160 }}>
                {e.section ? (
                  <Typography variant="caption" color="text.secondary" component="div">
                    {e.section}
                  </Typography>
                ) : null}
                {e.questioner ? <strong>{e.questioner}: </strong> : null}
                {excerpt(e.question, 160)}
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top', minWidth: 200 }}>
                {e.speaker ? <strong>{e.speaker}: </strong> : null}
                {excerpt(e.text, 220)}
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                {e.line !== null ? (
                  <Link
                    component="button"
                    type="button"
                    onClick={() => onLine(e.line as number)}
                    aria-label={`Show line ${e.line}`}
                  >
                    {e.line}
                  </Link>
                ) : (
                  '—'
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
