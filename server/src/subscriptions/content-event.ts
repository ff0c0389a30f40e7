import type { Document } from 'mongodb';
import type { RevisionAction } from '../revisions/revision.model';

export type ContentEntityName = 'SPEAKER' | 'INTERVIEW' | 'ANSWER';
export type ContentChangeKind = 'CREATED' | 'UPDATED' | 'DELETED';
/** What the service recorded for the change, plus RENUMBER for positions shifted by another entry's change. */
export type ContentActionName = RevisionAction | 'RENUMBER' | 'STALE';

/**
 * One change as a subscriber receives it (the root value of `ContentChange`). Events are built once per
 * change and audience (editors, readers) and shared by every subscriber of that audience.
 */
export interface ContentChangeView {
  type: ContentChangeKind;
  entity: ContentEntityName;
  id: string;
  interview_id: string | null;
  version: number | null;
  action: ContentActionName;
  changedFields: string[];
  user_id: string | null;
  revision_id: string | null;
  createdAt: Date;
  /** The stored document as read right after the change (null after a delete or when hidden). */
  document: Document | null;
}

/** One change with both views: `reader` is null when anonymous subscribers must not hear of it. */
export interface ContentEvent {
  editor: ContentChangeView;
  reader: ContentChangeView | null;
}
