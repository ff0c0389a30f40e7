import { ObjectId } from 'mongodb';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { CurrentUserId, EDITORS } from '../graphql/authorization';
import { Interview, presentInterview } from '../interviews/interview.type';
import { nameKey } from '../shared/text';
import { badUserInput } from '../shared/errors';
import { presentAnswer } from '../answers/answer.type';
import { TranslationMismatchKindEnum } from '../translations/translation.type';
import { TranscriptFormatEnum, TranscriptOptions, TranscriptPreview } from './transcript.types';

@Resolver()
export class TranscriptResolver {
  @Authorized(EDITORS)
  @Query(() => TranscriptPreview, {
    description: 'Parses a transcript and shows what an import would write, writing nothing.',
  })
  async previewTranscript(
    @Arg('text', () => String) text: string,
    @Arg('options', () => TranscriptOptions, { nullable: true }) options: TranscriptOptions | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<TranscriptPreview> {
    const parsed = await ctx.services.transcripts.parse(text, options ?? {});
    const known = await ctx.services.speakers.findByNameKeys(parsed.speakers.map((s) => nameKey(s.name)));
    const existing = new Map(known.map((doc) => [doc.nameKey, doc._id.toHexString()]));
    const preview: TranscriptPreview = {
      format: parsed.format as TranscriptFormatEnum,
      title: parsed.title,
      publisher: parsed.publisher,
      language: parsed.language,
      intro: parsed.intro,
      sections: parsed.sections,
      speakers: parsed.speakers.map((s) => ({
        name: s.name,
        role: s.role,
        title: s.title ?? null,
        organization: s.organization ?? null,
        existingSpeakerId: existing.get(nameKey(s.name)) ?? null,
      })),
      entries: parsed.entries.map((e) => ({
        position: e.position,
        section: e.section,
        question: e.question,
        questioner: e.questioner,
        text: e.text,
        speaker: e.speaker,
        line: e.questionLine ?? null,
        answerLine: e.answerLine ?? null,
        startTime: e.startTime,
        endTime: e.endTime,
      })),
      notes: parsed.notes,
      decisions: parsed.decisions.map((d) => ({ line: d.line, kind: d.kind, message: d.message })),
      boilerplate: parsed.boilerplate,
      warnings: parsed.warnings.map((w) => ({ line: w.line ?? null, message: w.message })),
    };
    if (options?.translationOf) {
      const translation = await ctx.services.translations.preview(
        options.translationOf,
        options.language,
        parsed.language,
        { sections: parsed.sections, entries: parsed.entries },
        options.alignment,
      );
      const parsedAt = new Map(preview.entries.map((entry) => [entry.position, entry]));
      preview.translation = {
        original: presentInterview(translation.original),
        language: translation.language,
        rows: translation.rows.map((row) => ({
          original: row.original.map(presentAnswer),
          translation: row.translation.map((position) => parsedAt.get(position)!),
          mismatches: row.mismatches as TranslationMismatchKindEnum[],
        })),
        mismatches: translation.mismatches.map((mismatch) => ({
          ...mismatch,
          kind: mismatch.kind as TranslationMismatchKindEnum,
        })),
      };
    } else if (options?.alignment) {
      throw badUserInput('options.alignment', 'is for translations: give options.translationOf too');
    }
    return preview;
  }

  @Authorized(EDITORS)
  @Mutation(() => Interview, {
    description: 'Imports a transcript as a new interview (a draft unless options.publish).',
  })
  async importTranscript(
    @Arg('text', () => String) text: string,
    @Arg('options', () => TranscriptOptions, { nullable: true }) options: TranscriptOptions | undefined,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<Interview> {
    const result = await ctx.services.transcripts.import(text, options ?? {}, userId);
    return presentInterview(result.interview);
  }
}
