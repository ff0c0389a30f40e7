import type { ObjectId } from 'mongodb';
import type { VersionedFields } from '../shared/versioned';

export type InterviewStatus = 'DRAFT' | 'PUBLISHED';

/** The transcript an interview was imported from, kept so it can be parsed again after a parser fix. */
export interface InterviewSource {
  /**
   * The text as imported (up to 2 MB). Written, never read back by the service: its reads and its change feed
   * leave SOURCE_TEXT_PATH out, so a request does not carry whole transcripts it has no use for.
   */
  text?: string;
  format: string;
  fileName: string | null;
  importedAt: Date;
}

/** Where an interview document keeps its source text (see InterviewSource.text). */
export const SOURCE_TEXT_PATH = 'source.text';

export interface InterviewDocument extends VersionedFields {
  _id: ObjectId;
  title: string;
  slug: string;
  publisher: string | null;
  sourceUrl: string | null;
  language: string;
  /** A short description for listings; starts as the transcript's introduction. */
  summary: string | null;
  /** The text before the first question, as published. */
  intro: string | null;
  /** Section headings in order. */
  sections: string[];
  /** Text around the dialogue (footers, disclaimers, bylines), kept apart from the entries. */
  boilerplate: string[];
  /** Editor's notes found between the questions on import; absent on older interviews. */
  notes?: string[];
  status: InterviewStatus;
  /** The latest publication. */
  publishedAt: Date | null;
  /**
   * The first publication, never overwritten. Absent on interviews stored before it existed: the service
   * fills it in from publishedAt at start (see publishing-schedule.ts).
   */
  firstPublishedAt?: Date | null;
  /** When the service is to publish this draft (the scheduler clears it once done). */
  publishAt?: Date | null;
  /** When the service is to unpublish it (the scheduler clears it once done). */
  unpublishAt?: Date | null;
  /** Everyone who asks or answers in it, kept in step with its entries. */
  speaker_ids: ObjectId[];
  source: InterviewSource | null;
}

export type InterviewEditableFields = Pick<
  InterviewDocument,
  'title' | 'slug' | 'publisher' | 'sourceUrl' | 'language' | 'summary' | 'intro' | 'sections' | 'boilerplate'
>;

export function interviewEditableFields(doc: InterviewDocument): InterviewEditableFields {
  return {
    title: doc.title,
    slug: doc.slug,
    publisher: doc.publisher,
    sourceUrl: doc.sourceUrl,
    language: doc.language,
    summary: doc.summary,
    intro: doc.intro,
    sections: doc.sections,
    boilerplate: doc.boilerplate,
  };
}
