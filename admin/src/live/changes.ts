/** What a content change means for the open pages: which react-admin queries to refetch. */
import type { QueryClient } from '@tanstack/react-query';
import type { Revision } from '../types';

/** One change, as `contentChanged` delivers it (or as read back from the change feed when polling). */
export interface ContentChange {
  type: string;
  entity: string;
  id: string;
  interview_id: string | null;
  version: number | null;
}

export const CONTENT_CHANGED = `subscription ContentChanged {
  contentChanged { type entity id interview_id version }
}`;

const RESOURCE: Record<string, string> = {
  ANSWER: 'answers',
  INTERVIEW: 'interviews',
  SPEAKER: 'speakers',
  USER: 'users',
};

const EVERYTHING = [...Object.values(RESOURCE), 'revisions', 'dashboard'];

/**
 * The react-admin query keys ([resource, method, params]) a change makes stale: invalidating a prefix
 * refetches what is open. Entry counts and speaker lists of interviews follow their entries.
 */
export function keysFor(change: ContentChange): string[] {
  const entity = change.entity.toUpperCase();
  const resource = RESOURCE[entity];
  if (!resource) return EVERYTHING;
  return entity === 'ANSWER'
    ? [resource, 'interviews', 'revisions', 'dashboard']
    : [resource, 'revisions', 'dashboard'];
}

export function invalidateKeys(queryClient: QueryClient, keys: Iterable<string>): void {
  for (const key of keys) void queryClient.invalidateQueries({ queryKey: [key] });
}

export function invalidateAll(queryClient: QueryClient): void {
  invalidateKeys(queryClient, EVERYTHING);
}

/** A change feed entry (recentChanges) as a content change. */
export function changeFromRevision(revision: Revision): ContentChange {
  const type =
    revision.action === 'CREATE' || revision.action === 'IMPORT'
      ? 'CREATED'
      : revision.action === 'DELETE'
        ? 'DELETED'
        : 'UPDATED';
  return {
    type,
    entity: revision.entity,
    id: revision.entity_id,
    interview_id: revision.interview_id,
    version: revision.version,
  };
}
