import { Link } from 'react-router-dom';
import { Chip, Link as MuiLink, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import type { SearchHit } from '../graphql/search';
import { HighlightedSnippet } from './HighlightedSnippet';

const KIND_LABEL = { ENTRY: 'Entry', INTERVIEW: 'Interview', SPEAKER: 'Speaker' } as const;

/** Where a hit opens: the transcript editor at the entry, the interview's page, the speaker's page. */
export function hitTarget(hit: SearchHit): string | null {
  if (hit.kind === 'ENTRY' && hit.answer && hit.interview) {
    return `/interviews/${hit.interview.id}/transcript?entry=${hit.answer.id}`;
  }
  if (hit.kind === 'INTERVIEW' && hit.interview) return `/interviews/${hit.interview.id}/show`;
  if (hit.kind === 'SPEAKER' && hit.speaker) return `/speakers/${hit.speaker.id}/show`;
  return null;
}

function hitTitle(hit: SearchHit): string {
  if (hit.kind === 'SPEAKER') return hit.speaker?.name ?? 'A speaker';
  const title = hit.interview?.title ?? 'An interview';
  if (hit.kind === 'INTERVIEW' || !hit.answer) return title;
  const section = hit.answer.section ? ` (${hit.answer.section})` : '';
  return `Entry ${hit.answer.position}${section} of ${title}`;
}

/** One hit: what and where it is, who speaks, and its passages with the matches marked. */
export function SearchHitCard({ hit }: { hit: SearchHit }) {
  const target = hitTarget(hit);
  const title = hitTitle(hit);
  return (
    <ListItem divider alignItems="flex-start" data-testid="search-hit" data-kind={hit.kind}>
      <ListItemText
        disableTypography
        primary={
          <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <Chip size="small" label={KIND_LABEL[hit.kind]} variant="outlined" />
            {target ? (
              <MuiLink component={Link} to={target} variant="subtitle1">
                {title}
              </MuiLink>
            ) : (
              <Typography variant="subtitle1">{title}</Typography>
            )}
            {hit.kind === 'ENTRY' && hit.speaker ? (
              <Typography variant="body2" color="text.secondary">
                {hit.speaker.name}
              </Typography>
            ) : null}
            {hit.interview?.status === 'DRAFT' ? <Chip size="small" label="Draft" /> : null}
          </Stack>
        }
        secondary={
          <Stack sx={{ gap: 0.5, mt: 0.5 }}>
            {hit.snippets.map((snippet, index) => (
              <Typography key={index} variant="body2" color="text.secondary">
                <HighlightedSnippet snippet={snippet} />
              </Typography>
            ))}
          </Stack>
        }
      />
    </ListItem>
  );
}
