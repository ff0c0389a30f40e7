import { MongoClient, ObjectId } from 'mongodb';
import type { AnswerDocument } from '../answers/answer.model';
import { badUserInput } from '../shared/errors';
import type { InterviewDocument, InterviewStatus } from '../interviews/interview.model';
import { interviewEditableFields } from '../interviews/interview.model';
import type { RevisionWriter } from '../revisions/revision.writer';
import type { SpeakerService } from '../speakers/speaker.service';
import type { InterviewService } from '../interviews/interview.service';
import type { AnswerService } from '../answers/answer.service';
import { inTransaction } from '../shared/mongo/transaction';
import { newVersionedFields } from '../shared/versioned';
import { optionalUrl } from '../shared/validate';
import { parseTranscript, ParsedTranscript, TranscriptOptions, TranscriptParseError } from './parser';
import { parseTranscriptOffThread } from './parser/worker';
import { transcriptText, type TranscriptFile } from './source-file';
import { statedSummary } from './summary';
import type { AlignmentPairInput } from '../translations/import-comparison';
import type { TranslationService } from '../translations/translation.service';

/** Parser options and, instead of the text, the file's bytes in base64 with its name. */
export type SourceOptions = TranscriptOptions & Pick<TranscriptFile, 'contentBase64'>;

export interface ImportOptions extends SourceOptions {
  /** Publish at once instead of importing as a draft. */
  publish?: boolean;
  sourceUrl?: string | null;
  fileName?: string | null;
  /** An interview this import replaces, deleted in the same transaction (re-seeding with --force). */
  replaces?: ObjectId | null;
  /** A version (id) of the interview this text translates: the import joins its translation group. */
  translationOf?: string | null;
  /** Pairs of positions (original ↔ this text) replacing the default entry n ↔ entry n. */
  alignment?: AlignmentPairInput[] | null;
}

export interface ImportResult {
  interview: InterviewDocument;
  parsed: ParsedTranscript;
  entries: number;
  speakersCreated: string[];
  speakersMatched: string[];
}

/** The parsed structure, or BAD_USER_INPUT saying what is wrong and on which line. */
export function parseForImport(text: string, options: TranscriptOptions = {}): ParsedTranscript {
  try {
    return parseTranscript(text, options);
  } catch (error) {
    throw asBadUserInput(error);
  }
}

function asBadUserInput(error: unknown): unknown {
  if (!(error instanceof TranscriptParseError)) return error;
  return badUserInput(error.field ?? 'text', error.message, error.line ? { line: error.line } : {});
}

/** What importing a translation needs of the translations domain, inside the import's transaction. */
export type TranslationImports = Pick<TranslationService, 'planImport' | 'attachImported'>;

/** Parses transcripts and writes them: an interview, its speakers and its entries, in one transaction. */
export class TranscriptImportService {
  constructor(
    private readonly client: MongoClient,
    private readonly speakers: SpeakerService,
    private readonly interviews: InterviewService,
    private readonly answers: AnswerService,
    private readonly revisions: RevisionWriter,
    private readonly translations: TranslationImports | null = null,
  ) {}

  /** The parsed structure (a long text is parsed on a worker thread), or BAD_USER_INPUT as parseForImport. */
  async parse(text: string, options: SourceOptions = {}): Promise<ParsedTranscript> {
    return this.parseSource(await transcriptText({ text, ...options }), options);
  }

  private async parseSource(text: string, options: SourceOptions): Promise<ParsedTranscript> {
    const { contentBase64: _content, ...parserOptions } = options;
    try {
      return await parseTranscriptOffThread(text, parserOptions);
    } catch (error) {
      throw asBadUserInput(error);
    }
  }

  async import(text: string, options: ImportOptions, userId: ObjectId | null): Promise<ImportResult> {
    const sourceUrl = optionalUrl('options.sourceUrl', options.sourceUrl) ?? null;
    const sourceText = await transcriptText({ text, ...options });
    const parsed = await this.parseSource(sourceText, options);
    const status: InterviewStatus = options.publish ? 'PUBLISHED' : 'DRAFT';

    return inTransaction(this.client, async (session) => {
      const replaced = options.replaces
        ? await this.interviews.deleteInSession(session, options.replaces, userId)
        : null;
      if (!options.translationOf && options.alignment) {
        throw badUserInput('options.alignment', 'is for translations: give options.translationOf too');
      }
      const translation =
        options.translationOf && this.translations
          ? await this.translations.planImport(
              session,
              options.translationOf,
              options.language,
              parsed.language,
              parsed.entries.length,
              options.alignment,
            )
          : null;
      const speakerIds = new Map<string, ObjectId>();
      const speakersCreated: string[] = [];
      const speakersMatched: string[] = [];
      for (const person of parsed.speakers) {
        const { speaker, created } = await this.speakers.findOrCreate(session, person, userId);
        speakerIds.set(person.name, speaker._id);
        (created ? speakersCreated : speakersMatched).push(speaker.name);
      }
      const idOf = (name: string | null): ObjectId | null => (name ? (speakerIds.get(name) ?? null) : null);

      const now = new Date();
      const title = parsed.title ?? 'Untitled interview';
      const interview = await this.interviews.insertImported(session, {
        _id: new ObjectId(),
        title,
        publisher: parsed.publisher,
        sourceUrl,
        language: translation?.language ?? parsed.language,
        summary: statedSummary(parsed) ?? replaced?.summary ?? null,
        intro: parsed.intro || null,
        sections: parsed.sections,
        boilerplate: parsed.boilerplate,
        notes: parsed.notes,
        status,
        publishedAt: status === 'PUBLISHED' ? now : null,
        firstPublishedAt:
          replaced?.firstPublishedAt ?? replaced?.publishedAt ?? (status === 'PUBLISHED' ? now : null),
        speaker_ids: [...new Set(speakerIds.values())],
        source: {
          text: sourceText,
          format: parsed.format,
          fileName: options.fileName ?? null,
          importedAt: now,
        },
        ...newVersionedFields(userId, now),
      });

      const entries: AnswerDocument[] = parsed.entries.map((entry, index) => ({
        _id: new ObjectId(),
        interview_id: interview._id,
        position: index + 1,
        section: entry.section,
        question: entry.question,
        questioner_id: idOf(entry.questioner),
        text: entry.text,
        speaker_id: idOf(entry.speaker),
        startTime: entry.startTime,
        endTime: entry.endTime,
        ...(entry.continuation ? { continuation: true } : {}),
        ...newVersionedFields(userId, now),
      }));
      await this.answers.insertImportedEntries(session, entries);
      if (translation)
        await this.translations?.attachImported(session, translation, interview, entries, userId);

      await this.revisions.record(session, [
        {
          entity: 'INTERVIEW',
          entity_id: interview._id,
          interview_id: interview._id,
          version: 1,
          action: 'IMPORT',
          user_id: userId,
          before: null,
          after: {
            ...interviewEditableFields(interview),
            status,
            format: parsed.format,
            entries: entries.length,
            ...(translation ? { translationOf: translation.original._id } : {}),
          },
        },
        ...entries.map((entry) => ({
          entity: 'ANSWER' as const,
          entity_id: entry._id,
          interview_id: interview._id,
          version: 1,
          action: 'IMPORT' as const,
          user_id: userId,
          before: null,
          after: {
            position: entry.position,
            section: entry.section,
            question: entry.question,
            questioner_id: entry.questioner_id,
            text: entry.text,
            speaker_id: entry.speaker_id,
            ...(entry.continuation ? { continuation: true } : {}),
          },
        })),
      ]);
      return { interview, parsed, entries: entries.length, speakersCreated, speakersMatched };
    });
  }
}
