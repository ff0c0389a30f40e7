import { useQuery } from '@tanstack/react-query';
import { graphqlRequest } from '../graphql/request';

export interface HistoryAuthor {
  id: string;
  name: string;
}

/** Everyone who changed the interview or its entries (from its latest 1,000 changes), by name. */
export function useHistoryAuthors(interviewId: string | undefined) {
  return useQuery({
    queryKey: ['revisions', 'authors', interviewId],
    enabled: !!interviewId,
    queryFn: async (): Promise<HistoryAuthor[]> => {
      const data = await graphqlRequest<{
        allRevisions: { user_id: string | null; user_name: string | null }[];
      }>(
        `query Authors($id: ID!) { allRevisions(filter: { interview_id: $id }, perPage: 1000) { user_id user_name } }`,
        { id: interviewId },
      );
      const authors = new Map<string, string>();
      for (const revision of data.allRevisions) {
        if (revision.user_id) authors.set(revision.user_id, revision.user_name ?? 'someone');
      }
      return [...authors].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}
