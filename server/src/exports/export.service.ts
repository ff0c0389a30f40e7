import type { ObjectId } from 'mongodb';
import type { AnswerService } from '../answers/answer.service';
import type { InterviewDocument } from '../interviews/interview.model';
import type { InterviewService, Visibility } from '../interviews/interview.service';
import { badUserInput, notFound } from '../shared/errors';
import type { SpeakerService } from '../speakers/speaker.service';
import { ExportFormat, FORMAT_FILES, toInterviewExport } from './export-model';
import { formatInterview } from './formatters';

export interface ExportSources {
  interviews: InterviewService;
  answers: AnswerService;
  speakers: SpeakerService;
}

export interface ExportFile {
  fileName: string;
  /** The interview's language (the HTTP route answers `?language=` with it). */
  language: string;
  contentType: string;
  body: string;
}

/** Interviews out as files: reads through the domain services, formats with the pure formatters. */
/** Finds an interview's version in another language (translations/). */
export interface LanguageVersions {
  versionInLanguage(
    interview: InterviewDocument,
    language: string,
    visibility: Visibility,
  ): Promise<InterviewDocument | null>;
}

export class ExportService {
  constructor(
    private readonly sources: ExportSources,
    private readonly languages: LanguageVersions | null = null,
  ) {}

  /**
   * The interview with this slug as a file, for a caller who may see it — or, given a language, its version
   * in that language; NOT_FOUND otherwise.
   */
  async fileBySlug(
    slug: string,
    format: ExportFormat,
    visibility: Visibility,
    language: string | null = null,
  ): Promise<ExportFile> {
    if (language === null) {
      const interview = await this.sources.interviews.getBySlug(slug, visibility);
      if (!interview) throw notFound('Interview', slug);
      return this.file(interview, format);
    }
    const own = await this.sources.interviews.getBySlug(slug, { includeDrafts: true });
    const version =
      own && this.languages ? await this.languages.versionInLanguage(own, language, visibility) : null;
    const chosen = version ?? (own && own.language.toLowerCase() === language.toLowerCase() ? own : null);
    if (!chosen || (!visibility.includeDrafts && chosen.status !== 'PUBLISHED')) {
      throw notFound('Interview', `${slug} (${language})`);
    }
    return this.file(chosen, format);
  }

  async fileById(id: ObjectId, format: ExportFormat, visibility: Visibility): Promise<ExportFile> {
    const interview = await this.sources.interviews.get(id, visibility);
    if (!interview) throw notFound('Interview', id.toHexString());
    return this.file(interview, format);
  }

  private async file(interview: InterviewDocument, format: ExportFormat): Promise<ExportFile> {
    const entries = await this.sources.answers.byInterviews([interview._id]);
    const speakerIds = new Map<string, ObjectId>();
    for (const entry of entries) {
      for (const id of [entry.speaker_id, entry.questioner_id]) if (id) speakerIds.set(id.toHexString(), id);
    }
    const speakers = speakerIds.size > 0 ? await this.sources.speakers.getMany([...speakerIds.values()]) : [];
    const body = formatInterview(toInterviewExport(interview, entries, speakers), format);
    if (body === null) {
      throw badUserInput('format', `${format} needs entries with start times; this interview has none`);
    }
    const { extension, contentType } = FORMAT_FILES[format];
    return { fileName: `${interview.slug}.${extension}`, language: interview.language, contentType, body };
  }
}
