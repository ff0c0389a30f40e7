import type { AnswerDocument } from '../answers/answer.model';
import type { InterviewDocument } from '../interviews/interview.model';
import type { SpeakerDocument } from '../speakers/speaker.model';

export const EXPORT_FORMATS = ['MARKDOWN', 'TEXT', 'JSON', 'WEBVTT', 'SRT'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File extension, media type and whether the format needs times, per format. */
export const FORMAT_FILES: Readonly<
  Record<ExportFormat, { extension: string; contentType: string; needsTimes: boolean }>
> = {
  MARKDOWN: { extension: 'md', contentType: 'text/markdown; charset=utf-8', needsTimes: false },
  TEXT: { extension: 'txt', contentType: 'text/plain; charset=utf-8', needsTimes: false },
  JSON: { extension: 'json', contentType: 'application/json; charset=utf-8', needsTimes: false },
  WEBVTT: { extension: 'vtt', contentType: 'text/vtt; charset=utf-8', needsTimes: true },
  SRT: { extension: 'srt', contentType: 'application/x-subrip; charset=utf-8', needsTimes: true },
};

export function formatOfExtension(extension: string): ExportFormat | null {
  const found = EXPORT_FORMATS.find((format) => FORMAT_FILES[format].extension === extension);
  return found ?? null;
}

export interface ExportSpeaker {
  id: string;
  name: string;
  title: string | null;
  organization: string | null;
}

export interface ExportEntry {
  position: number;
  section: string | null;
  question: string;
  questioner: ExportSpeaker | null;
  text: string;
  speaker: ExportSpeaker | null;
  /** Seconds from the start, when the entry carries times. */
  startTime: number | null;
  endTime: number | null;
  /** Split off the entry before it: continues that answer, with no question of its own. */
  continuation: boolean;
}

/** Everything an export shows of one interview, in transcript order; the formatters are pure over it. */
export interface InterviewExport {
  id: string;
  slug: string;
  title: string;
  publisher: string | null;
  language: string;
  sourceUrl: string | null;
  summary: string | null;
  intro: string | null;
  sections: string[];
  status: 'DRAFT' | 'PUBLISHED';
  publishedAt: Date | null;
  speakers: ExportSpeaker[];
  entries: ExportEntry[];
}

/** Times are read defensively: entries stored before they carried times have none. */
function seconds(doc: AnswerDocument, field: 'startTime' | 'endTime'): number | null {
  const value = (doc as unknown as Record<string, unknown>)[field];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

export function toInterviewExport(
  interview: InterviewDocument,
  entries: readonly AnswerDocument[],
  speakers: readonly SpeakerDocument[],
): InterviewExport {
  const byId = new Map<string, ExportSpeaker>(
    speakers.map((speaker) => [
      speaker._id.toHexString(),
      {
        id: speaker._id.toHexString(),
        name: speaker.name,
        title: speaker.title,
        organization: speaker.organization,
      },
    ]),
  );
  const speakerOf = (id: AnswerDocument['speaker_id']) => (id ? (byId.get(id.toHexString()) ?? null) : null);
  const ordered = [...entries].sort((a, b) => a.position - b.position);
  const appearing = new Map<string, ExportSpeaker>();
  for (const entry of ordered) {
    for (const person of [speakerOf(entry.questioner_id), speakerOf(entry.speaker_id)]) {
      if (person) appearing.set(person.id, person);
    }
  }
  return {
    id: interview._id.toHexString(),
    slug: interview.slug,
    title: interview.title,
    publisher: interview.publisher,
    language: interview.language,
    sourceUrl: interview.sourceUrl,
    summary: interview.summary,
    intro: interview.intro,
    sections: interview.sections,
    status: interview.status,
    publishedAt: interview.publishedAt,
    speakers: [...appearing.values()],
    entries: ordered.map((entry) => ({
      position: entry.position,
      section: entry.section,
      question: entry.question,
      questioner: speakerOf(entry.questioner_id),
      text: entry.text,
      speaker: speakerOf(entry.speaker_id),
      startTime: seconds(entry, 'startTime'),
      endTime: seconds(entry, 'endTime'),
      continuation: entry.continuation === true,
    })),
  };
}

export function hasTimes(interview: InterviewExport): boolean {
  return interview.entries.length > 0 && interview.entries.every((entry) => entry.startTime !== null);
}
