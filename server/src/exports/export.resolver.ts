import { Arg, Ctx, FieldResolver, registerEnumType, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { Interview } from '../interviews/interview.type';
import { parseId } from '../shared/mongo/ids';
import type { ExportFormat } from './export-model';

export const ExportFormatEnum = {
  MARKDOWN: 'MARKDOWN',
  TEXT: 'TEXT',
  JSON: 'JSON',
  WEBVTT: 'WEBVTT',
  SRT: 'SRT',
} as const satisfies Record<ExportFormat, ExportFormat>;
registerEnumType(ExportFormatEnum, {
  name: 'ExportFormat',
  description:
    'MARKDOWN, TEXT, JSON (docs/schemas/interview-export.v2.json), WEBVTT and SRT (entries with times).',
});

@Resolver(() => Interview)
export class ExportResolver {
  @FieldResolver(() => String, {
    description:
      'The interview as a file of this format (also at GET /export/{slug}.{md|txt|json|vtt|srt}); captions need entries with start times.',
  })
  async export(
    @Root() interview: Interview,
    // A default keeps the argument optional for clients that select every field (react-admin's stock provider).
    @Arg('format', () => ExportFormatEnum, { defaultValue: 'MARKDOWN', nullable: false })
    format: ExportFormat,
    @Ctx() ctx: RequestContext,
  ): Promise<string> {
    const file = await ctx.services.exports.fileById(parseId('id', interview.id), format, ctx.visibility);
    return file.body;
  }
}
