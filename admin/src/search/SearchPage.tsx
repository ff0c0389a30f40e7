/**
 * Search over everything anyone said: entries (question and answer), interview titles and intros, and
 * speakers, ranked by the service. The words live in the URL (/search?q=…), so a search can be shared and
 * the back button returns to it; an entry hit opens the transcript editor at that entry.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Title, useAuthenticated } from 'react-admin';
import { Alert, Box, Button, Card, LinearProgress, List, TextField, Typography } from '@mui/material';
import { errorMessage } from '../graphql/errors';
import { SearchHitCard } from './SearchHitCard';
import { useSearch } from './useSearch';

const TYPING_PAUSE_MS = 300;

export function SearchPage() {
  useAuthenticated();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  const [shownQuery, setShownQuery] = useState(query);
  // The URL changes from elsewhere too (the app bar's box): follow it.
  if (shownQuery !== query) {
    setShownQuery(query);
    setText(query);
  }
  useEffect(() => {
    if (text === query) return;
    const timer = setTimeout(() => setParams(text ? { q: text } : {}, { replace: true }), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, query, setParams]);

  const search = useSearch(query);
  return (
    <Box sx={{ maxWidth: 980, mx: 'auto', p: { xs: 1, sm: 2 }, display: 'grid', gap: 2 }}>
      <Title title="Search" />
      <TextField
        value={text}
        onChange={(event) => setText(event.target.value)}
        label="Search transcripts"
        placeholder='Words, "exact phrases", -exclusions'
        helperText="All words must match; the last one also matches as the start of a word."
        autoFocus
        fullWidth
        slotProps={{ htmlInput: { type: 'search' } }}
      />
      {search.error ? <Alert severity="error">{errorMessage(search.error)}</Alert> : null}
      {search.isFetching ? <LinearProgress /> : null}
      {query.trim() && search.totalCount !== null ? (
        <Typography variant="body2" color="text.secondary" role="status" data-testid="search-total">
          {search.totalCount === 0
            ? `Nothing found for “${query.trim()}”`
            : `${search.totalCount} ${search.totalCount === 1 ? 'hit' : 'hits'} for “${query.trim()}”`}
        </Typography>
      ) : null}
      {search.hits.length ? (
        <Card>
          <List aria-label="Search results">
            {search.hits.map((hit) => (
              <SearchHitCard
                key={`${hit.kind}:${hit.answer?.id ?? hit.interview?.id ?? hit.speaker?.id}`}
                hit={hit}
              />
            ))}
          </List>
        </Card>
      ) : null}
      {search.hasNextPage ? (
        <Button onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
          More results
        </Button>
      ) : null}
    </Box>
  );
}
