/** The records the admin works with, as the GraphQL API returns them (see the server's schema). */
import type { Identifier, RaRecord } from 'react-admin';

export type InterviewStatus = 'DRAFT' | 'PUBLISHED';
export type Role = 'ADMIN' | 'EDITOR';

interface Versioned extends RaRecord {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Interview extends Versioned {
  title: string;
  slug: string;
  publisher: string | null;
  sourceUrl: string | null;
  language: string;
  summary: string | null;
  intro: string | null;
  sections: string[];
  boilerplate: string[];
  status: InterviewStatus;
  /** The latest publication. */
  publishedAt: string | null;
  /** The first publication, kept when published again. */
  firstPublishedAt?: string | null;
  /** When the service is to publish / unpublish it. */
  publishAt?: string | null;
  unpublishAt?: string | null;
  speaker_ids: string[];
  sourceFormat: string | null;
  answerCount?: number;
  updatedBy: string | null;
}

export interface Speaker extends Versioned {
  name: string;
  title: string | null;
  organization: string | null;
  bio: string | null;
  slug: string;
}

export interface Answer extends Versioned {
  interview_id: string;
  position: number;
  section: string | null;
  question: string;
  questioner_id: string | null;
  text: string;
  speaker_id: string | null;
  updatedBy: string | null;
  /** Made by splitting the entry before it: continues that answer, with no question of its own. */
  continuation?: boolean;
  /** Seconds from the start of the recording (captions and timestamped transcripts), null when unknown. */
  startTime?: number | null;
  endTime?: number | null;
}

export type RevisionEntity = 'SPEAKER' | 'INTERVIEW' | 'ANSWER' | 'USER';

export interface Revision extends RaRecord {
  id: string;
  entity: RevisionEntity | string;
  entity_id: string;
  interview_id: string | null;
  version: number;
  action: string;
  user_id: string | null;
  /** The author's name (the service gives editors names, not accounts). */
  user_name?: string | null;
  /** Shared by the revisions of one operation (an import, a split); absent on older revisions. */
  operation_id?: string | null;
  createdAt: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface User extends Versioned {
  email: string;
  name: string;
  role: Role;
}

export const RESOURCE_OF_ENTITY: Record<string, string> = {
  ANSWER: 'answers',
  INTERVIEW: 'interviews',
  SPEAKER: 'speakers',
  USER: 'users',
};

export function idString(id: Identifier): string {
  return String(id);
}
