/** The change feed as the dashboard tells it: who, what, where, and the operation each change belongs to. */
import type { Revision } from '../types';
import { graphqlRequest } from './request';

export type ChangeFeedItem = Pick<
  Revision,
  | 'id'
  | 'entity'
  | 'entity_id'
  | 'interview_id'
  | 'action'
  | 'user_id'
  | 'user_name'
  | 'operation_id'
  | 'createdAt'
>;

export async function latestChanges(limit: number): Promise<ChangeFeedItem[]> {
  const data = await graphqlRequest<{ recentChanges: ChangeFeedItem[] }>(
    `query Latest($limit: Int!) {
      recentChanges(limit: $limit) { id entity entity_id interview_id action user_id user_name operation_id createdAt }
    }`,
    { limit },
  );
  return data.recentChanges;
}
