import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { metaOf, type Draft, type EntryMeta } from './drafts';
import { useEntryChoices } from './entryChoices';

const META = [
  { key: 'section', label: 'Section' },
  { key: 'questioner_id', label: 'Asked by' },
  { key: 'speaker_id', label: 'Answered by' },
] as const;

/**
 * The section and people of an entry in a conflict, where either side changed them: where the editor
 * started, theirs and mine, by name. (The words have their own diffs beside this.)
 */
export function ConflictMetaFields({
  base,
  theirs,
  draft,
  who,
}: {
  base: EntryMeta;
  theirs: EntryMeta;
  draft: Draft;
  who: string;
}) {
  const choices = useEntryChoices();
  const started = metaOf(base);
  const theirValues = metaOf(theirs);
  const mine = (key: keyof EntryMeta) => (draft[key] === undefined ? started[key] : (draft[key] ?? null));
  const rows = META.filter(({ key }) => started[key] !== theirValues[key] || started[key] !== mine(key));
  if (!rows.length) return null;
  const show = (key: keyof EntryMeta, value: string | null) => {
    if (key === 'section') return value ?? 'No section';
    if (!value) return 'Nobody';
    return choices?.speakerNames.get(value) ?? 'A speaker not in this transcript';
  };
  return (
    <>
      <Typography variant="body2" sx={{ mt: 1, fontWeight: 600 }}>
        Section and people
      </Typography>
      <Table size="small" aria-label="Section and people: yours and theirs" sx={{ mt: 0.5 }}>
        <TableHead>
          <TableRow>
            <TableCell />
            <TableCell>You started from</TableCell>
            <TableCell>Theirs ({who})</TableCell>
            <TableCell>Yours</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(({ key, label }) => (
            <TableRow key={key} data-testid={`conflict-meta-${key}`}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell>{show(key, started[key])}</TableCell>
              <TableCell>{show(key, theirValues[key])}</TableCell>
              <TableCell>{show(key, mine(key))}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
