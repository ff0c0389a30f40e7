import { useInfiniteQuery } from '@tanstack/react-query';
import { searchEverything } from '../graphql/search';

/** The hits for `query`, page after page (cursor paging); nothing is asked for a blank query. */
export function useSearch(query: string) {
  const trimmed = query.trim();
  const result = useInfiniteQuery({
    queryKey: ['search', trimmed],
    queryFn: ({ pageParam, signal }) => searchEverything(trimmed, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null),
    enabled: trimmed.length > 0,
  });
  const hits = result.data?.pages.flatMap((page) => page.hits) ?? [];
  const totalCount = result.data?.pages[0]?.totalCount ?? null;
  return { ...result, hits, totalCount };
}
