import { Box } from '@mui/material';
import type { SearchSnippet } from '../graphql/search';

/** The snippet's text cut at its match ranges: plain text between them, each match in a <mark>. */
export function snippetParts(snippet: SearchSnippet): { text: string; match: boolean }[] {
  const ranges = [...snippet.ranges]
    .filter((range) => range.start < range.end && range.start >= 0 && range.end <= snippet.text.length)
    .sort((a, b) => a.start - b.start);
  const parts: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const range of ranges) {
    const start = Math.max(range.start, at);
    if (start >= range.end) continue;
    if (start > at) parts.push({ text: snippet.text.slice(at, start), match: false });
    parts.push({ text: snippet.text.slice(start, range.end), match: true });
    at = range.end;
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), match: false });
  return parts;
}

/** A passage with its matches highlighted, rendered as text nodes (never as HTML). */
export function HighlightedSnippet({ snippet }: { snippet: SearchSnippet }) {
  return (
    <Box component="span" data-testid="snippet" data-field={snippet.field}>
      {snippetParts(snippet).map((part, index) =>
        part.match ? (
          <Box
            component="mark"
            key={index}
            sx={{ bgcolor: 'warning.light', color: 'inherit', px: 0.25, borderRadius: 0.5 }}
          >
            {part.text}
          </Box>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </Box>
  );
}
