import type { Document } from 'mongodb';
import type { AnswerDocument } from '../answers/answer.model';
import type { InterviewDocument } from '../interviews/interview.model';
import type { SpeakerDocument } from '../speakers/speaker.model';

export type SearchHitKind = 'ENTRY' | 'INTERVIEW' | 'SPEAKER';

/** The text of one record, by the field name snippets report (`question`, `text`, `title`, `intro`, …). */
export type RecordTexts = ReadonlyArray<readonly [field: string, text: string]>;

/** What the index keeps of a transcript entry: its text for snippets and phrases, its references for filters. */
export interface EntryRecord {
  kind: 'ENTRY';
  key: string;
  id: string;
  interviewId: string;
  speakerId: string | null;
  questionerId: string | null;
  position: number;
  section: string | null;
  question: string;
  text: string;
}

export interface InterviewRecord {
  kind: 'INTERVIEW';
  key: string;
  id: string;
  interviewId: string;
  title: string;
  slug: string;
  intro: string | null;
  summary: string | null;
  publisher: string | null;
  language: string;
  published: boolean;
}

export interface SpeakerRecord {
  kind: 'SPEAKER';
  key: string;
  id: string;
  name: string;
  title: string | null;
  organization: string | null;
  bio: string | null;
}

export type SearchRecord = EntryRecord | InterviewRecord | SpeakerRecord;

/** The fields the search library indexes, shared by all kinds of record (`people`: an entry's speaker and questioner). */
export const INDEXED_FIELDS = ['title', 'section', 'question', 'text', 'people'] as const;
export type IndexedField = (typeof INDEXED_FIELDS)[number];

export const keyOf = (kind: SearchHitKind, id: string): string => `${kind[0]}:${id}`;

const hex = (value: unknown): string | null =>
  value !== null && typeof value === 'object' && 'toHexString' in value
    ? (value as { toHexString(): string }).toHexString()
    : typeof value === 'string'
      ? value
      : null;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

export function entryRecord(doc: AnswerDocument | Document): EntryRecord | null {
  const id = hex(doc._id);
  const interviewId = hex(doc.interview_id);
  if (!id || !interviewId) return null;
  return {
    kind: 'ENTRY',
    key: keyOf('ENTRY', id),
    id,
    interviewId,
    speakerId: hex(doc.speaker_id),
    questionerId: hex(doc.questioner_id),
    position: typeof doc.position === 'number' ? doc.position : 0,
    section: text(doc.section),
    question: text(doc.question) ?? '',
    text: text(doc.text) ?? '',
  };
}

export function interviewRecord(doc: InterviewDocument | Document): InterviewRecord | null {
  const id = hex(doc._id);
  if (!id) return null;
  return {
    kind: 'INTERVIEW',
    key: keyOf('INTERVIEW', id),
    id,
    interviewId: id,
    title: text(doc.title) ?? '',
    slug: text(doc.slug) ?? '',
    intro: text(doc.intro),
    summary: text(doc.summary),
    publisher: text(doc.publisher),
    language: text(doc.language) ?? '',
    published: doc.status === 'PUBLISHED',
  };
}

export function speakerRecord(doc: SpeakerDocument | Document): SpeakerRecord | null {
  const id = hex(doc._id);
  if (!id) return null;
  return {
    kind: 'SPEAKER',
    key: keyOf('SPEAKER', id),
    id,
    name: text(doc.name) ?? '',
    title: text(doc.title),
    organization: text(doc.organization),
    bio: text(doc.bio),
  };
}

/** The text a record gives each indexed field; `nameOf` gives a speaker's current name by id. */
export function indexedFieldText(
  record: SearchRecord,
  field: IndexedField,
  nameOf: (speakerId: string) => string | null,
): string {
  switch (record.kind) {
    case 'ENTRY':
      if (field === 'people') return peopleOf(record, nameOf);
      return field === 'section' ? (record.section ?? '') : field === 'title' ? '' : record[field];
    case 'INTERVIEW':
      if (field === 'title') return record.title;
      if (field === 'text') return interviewBody(record);
      return '';
    case 'SPEAKER':
      if (field === 'title') return record.name;
      if (field === 'text') return [record.title, record.organization, record.bio].filter(Boolean).join('\n');
      return '';
  }
}

/** The ids of the speakers an entry names (its speaker and its questioner), without repeats. */
export function peopleIdsOf(record: EntryRecord): string[] {
  return [...new Set([record.speakerId, record.questionerId])].filter((id): id is string => id !== null);
}

function peopleOf(record: EntryRecord, nameOf: (speakerId: string) => string | null): string {
  return peopleIdsOf(record)
    .map(nameOf)
    .filter((name): name is string => Boolean(name))
    .join('\n');
}

function interviewBody(record: InterviewRecord): string {
  if (record.summary && record.summary !== record.intro) return `${record.intro ?? ''}\n${record.summary}`;
  return record.intro ?? '';
}

/** The record's texts as snippets name them, in the order they are shown. */
export function recordTexts(record: SearchRecord): RecordTexts {
  const fields: [string, string | null][] =
    record.kind === 'ENTRY'
      ? [
          ['text', record.text],
          ['question', record.question],
          ['section', record.section],
        ]
      : record.kind === 'INTERVIEW'
        ? [
            ['title', record.title],
            ['intro', record.intro],
            ['summary', record.summary !== record.intro ? record.summary : null],
          ]
        : [
            ['name', record.name],
            ['title', record.title],
            ['organization', record.organization],
            ['bio', record.bio],
          ];
  return fields.filter((field): field is [string, string] => Boolean(field[1]));
}
