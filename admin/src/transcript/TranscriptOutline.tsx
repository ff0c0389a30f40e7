import { memo, useMemo } from 'react';
import {
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  ListSubheader,
  Paper,
  Typography,
} from '@mui/material';
import type { Answer } from '../types';

/** How many characters of an entry's question (or answer) name it in the outline. */
const LABEL_LENGTH = 70;

interface OutlineGroup {
  section: string | null;
  entries: Answer[];
}

function labelOf(answer: Answer): string {
  const source = (answer.question || answer.text).replace(/\s+/g, ' ').trim();
  return source.length > LABEL_LENGTH ? `${source.slice(0, LABEL_LENGTH - 1)}…` : source;
}

/**
 * The transcript's sections and entries beside it on wide screens, sticky while the transcript scrolls;
 * choosing an entry brings it into view with the cursor in its answer.
 */
export const TranscriptOutline = memo(function TranscriptOutline({
  answers,
  onJump,
}: {
  answers: Answer[];
  onJump(answerId: string): void;
}) {
  // Runs of one section, in order (a section appears again if entries of another sit between).
  const groups = useMemo(() => {
    const result: OutlineGroup[] = [];
    for (const answer of answers) {
      const last = result.at(-1);
      if (last && last.section === (answer.section ?? null)) last.entries.push(answer);
      else result.push({ section: answer.section ?? null, entries: [answer] });
    }
    return result;
  }, [answers]);
  return (
    <Paper
      component="nav"
      variant="outlined"
      aria-labelledby="transcript-outline-title"
      sx={{
        position: 'sticky',
        top: 64,
        maxHeight: 'calc(100vh - 80px)',
        overflow: 'auto',
        mt: 2,
      }}
    >
      <Typography id="transcript-outline-title" variant="subtitle2" component="h2" sx={{ px: 2, pt: 1.5 }}>
        Outline
      </Typography>
      {groups.map((group, index) => (
        <List
          key={`${group.section ?? ''}-${index}`}
          dense
          aria-label={group.section ?? 'No section'}
          subheader={
            group.section ? (
              <ListSubheader disableSticky sx={{ lineHeight: 2.2, fontWeight: 600 }}>
                {group.section}
              </ListSubheader>
            ) : undefined
          }
        >
          {group.entries.map((answer) => (
            // A list holds list items: the button goes inside one.
            <ListItem key={answer.id} disablePadding>
              <ListItemButton
                onClick={() => onJump(answer.id)}
                data-testid={`outline-entry-${answer.position}`}
                sx={{ py: 0.25 }}
              >
                <ListItemText
                  primary={`${answer.position}. ${labelOf(answer)}`}
                  slotProps={{ primary: { variant: 'body2', noWrap: true } }}
                />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      ))}
    </Paper>
  );
});
