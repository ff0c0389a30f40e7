/** The ranked search over entries, interviews and speakers (the service's `search`). */
import { graphqlRequest } from './request';

export type SearchHitKind = 'ENTRY' | 'INTERVIEW' | 'SPEAKER';

export interface MatchRange {
  start: number;
  end: number;
}

export interface SearchSnippet {
  field: string;
  text: string;
  ranges: MatchRange[];
}

export interface SearchHit {
  kind: SearchHitKind;
  score: number;
  interview: { id: string; title: string; status: string } | null;
  answer: { id: string; position: number; section: string | null } | null;
  speaker: { id: string; name: string } | null;
  snippets: SearchSnippet[];
}

export interface SearchResultsPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  hits: SearchHit[];
}

export const SEARCH_PAGE_SIZE = 20;

export async function searchEverything(
  query: string,
  after: string | null,
  signal?: AbortSignal,
): Promise<SearchResultsPage> {
  const data = await graphqlRequest<{ search: SearchResultsPage }>(
    `query Search($query: String!, $first: Int, $after: String) {
      search(query: $query, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        hits {
          kind score
          interview { id title status }
          answer { id position section }
          speaker { id name }
          snippets { field text ranges { start end } }
        }
      }
    }`,
    { query, first: SEARCH_PAGE_SIZE, after },
    { signal },
  );
  return data.search;
}
