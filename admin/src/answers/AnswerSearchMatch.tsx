/**
 * The Answers list searched with `q`: each row shows where the words matched (the ranked search's snippets,
 * marked by ranges, never as HTML) and opens the transcript editor at that entry, highlighted there.
 */
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useListContext, useRecordContext } from 'react-admin';
import { Link as MuiLink, Stack, Typography } from '@mui/material';
import EditNoteIcon from '@mui/icons-material/EditNote';
import { graphqlRequest } from '../graphql/request';
import type { SearchHit, SearchSnippet } from '../graphql/search';
import { HighlightedSnippet } from '../search/HighlightedSnippet';
import type { Answer } from '../types';

/** As many hits as one search page gives: the rows beyond them are marked from the words themselves. */
const HITS_FOR_SNIPPETS = 100;
const CONTEXT_CHARS = 60;

/** The ranked search's snippets per entry id, for the list's words (and interview, when filtered by one). */
function useEntrySnippets(query: string, interviewId: string | undefined) {
  return useQuery({
    queryKey: ['search', 'answer-snippets', query, interviewId ?? null],
    enabled: query.length > 0,
    staleTime: 30_000,
    queryFn: async ({ signal }) => {
      const data = await graphqlRequest<{
        search: { hits: Pick<SearchHit, 'kind' | 'answer' | 'snippets'>[] };
      }>(
        `query AnswerSnippets($query: String!, $first: Int, $filter: SearchFilter) {
          search(query: $query, first: $first, filter: $filter) {
            hits { kind answer { id position section } snippets { field text ranges { start end } } }
          }
        }`,
        { query, first: HITS_FOR_SNIPPETS, filter: interviewId ? { interview_id: interviewId } : null },
        { signal },
      );
      const byEntry = new Map<string, SearchSnippet[]>();
      for (const hit of data.search.hits) {
        if (hit.kind === 'ENTRY' && hit.answer) byEntry.set(hit.answer.id, hit.snippets);
      }
      return byEntry;
    },
  });
}

/**
 * A snippet around the first place one of the words occurs (case and accents aside), for rows the ranked
 * search did not return on its first page; null when none occurs literally (e.g. matched by stemming).
 */
export function literalSnippet(field: string, text: string, query: string): SearchSnippet | null {
  const fold = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1);
  if (words.length === 0) return null;
  // Folding can change lengths (ligatures); only mark when it did not.
  const folded = fold(text);
  if (folded.length !== text.length) return null;
  const positions: { start: number; end: number }[] = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) {
      positions.push({ start: at, end: at + word.length });
    }
  }
  if (positions.length === 0) return null;
  positions.sort((a, b) => a.start - b.start);
  const from = Math.max(0, positions[0].start - CONTEXT_CHARS);
  const to = Math.min(text.length, positions[0].end + CONTEXT_CHARS * 2);
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const ranges = positions
    .filter((range) => range.start >= from && range.end <= to)
    .map((range) => ({ start: range.start - from + prefix.length, end: range.end - from + prefix.length }));
  return { field, text: `${prefix}${text.slice(from, to)}${suffix}`, ranges };
}

/** "Open in transcript": the transcript editor at this entry, highlighted there. */
export function OpenEntryLink() {
  const record = useRecordContext<Answer>();
  if (!record) return null;
  return (
    <MuiLink
      component={Link}
      to={`/interviews/${record.interview_id}/transcript?entry=${record.id}`}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
      // Starts with the visible text, so speech input ("click In transcript") finds it (WCAG 2.5.3).
      aria-label={`In transcript: open entry ${record.position} in the transcript editor`}
      data-testid="open-entry"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, whiteSpace: 'nowrap' }}
    >
      <EditNoteIcon fontSize="small" />
      In transcript
    </MuiLink>
  );
}

/** Where the list's search words matched in this entry: highlighted passages of its question or answer. */
export function AnswerSearchMatch() {
  const record = useRecordContext<Answer>();
  const { filterValues } = useListContext<Answer>();
  const query = typeof filterValues.q === 'string' ? filterValues.q.trim() : '';
  const interviewId = typeof filterValues.interview_id === 'string' ? filterValues.interview_id : undefined;
  const snippets = useEntrySnippets(query, interviewId);
  if (!record || !query) return null;
  const ranked = snippets.data?.get(record.id);
  const shown =
    ranked && ranked.length > 0
      ? ranked
      : [
          literalSnippet('question', record.question, query),
          literalSnippet('text', record.text, query),
        ].filter((snippet): snippet is SearchSnippet => snippet !== null);
  if (shown.length === 0) return null;
  return (
    <Stack sx={{ gap: 0.5 }} data-testid="answer-match">
      {shown.map((snippet, index) => (
        <Typography key={index} variant="body2" component="div">
          <HighlightedSnippet snippet={snippet} />
        </Typography>
      ))}
    </Stack>
  );
}
