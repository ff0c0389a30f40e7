import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { presentVersioned, VersionedType } from '../graphql/versioned.type';
import type { InterviewDocument } from './interview.model';

export enum InterviewStatusEnum {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(InterviewStatusEnum, {
  name: 'InterviewStatus',
  description: 'Drafts are visible to editors only.',
});

@ObjectType({
  description: 'A published conversation: its metadata, sections and, through `answers`, its entries.',
})
export class Interview extends VersionedType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String, { nullable: true })
  publisher!: string | null;

  @Field(() => String, { nullable: true })
  sourceUrl!: string | null;

  @Field(() => String, { description: 'Language tag of the transcript, e.g. "en" or "zh".' })
  language!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true, description: 'The introduction before the first question.' })
  intro!: string | null;

  @Field(() => [String])
  sections!: string[];

  @Field(() => [String], { description: 'Text around the dialogue: footers, disclaimers, bylines.' })
  boilerplate!: string[];

  @Field(() => [String], { description: "Editor's notes found between the questions on import." })
  notes!: string[];

  @Field(() => InterviewStatusEnum)
  status!: InterviewStatusEnum;

  @Field(() => Date, { nullable: true, description: 'The latest publication.' })
  publishedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The first publication; kept when published again.' })
  firstPublishedAt!: Date | null;

  /** The schedule is editorial: InterviewResolver presents it to editors only. */
  publishAt!: Date | null;
  unpublishAt!: Date | null;

  @Field(() => [ID])
  speaker_ids!: string[];

  @Field(() => String, {
    nullable: true,
    description:
      'The language asked for in interview(slug, language); null otherwise (see languageFallback).',
  })
  requestedLanguage?: string | null;

  @Field(() => String, { nullable: true, description: 'Format the transcript was imported as.' })
  sourceFormat!: string | null;
}

export function presentInterview(doc: InterviewDocument): Interview {
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    slug: doc.slug,
    publisher: doc.publisher,
    sourceUrl: doc.sourceUrl,
    language: doc.language,
    summary: doc.summary,
    intro: doc.intro,
    sections: doc.sections,
    boilerplate: doc.boilerplate,
    notes: doc.notes ?? [],
    status: doc.status as InterviewStatusEnum,
    publishedAt: doc.publishedAt,
    firstPublishedAt: doc.firstPublishedAt ?? doc.publishedAt,
    publishAt: doc.publishAt ?? null,
    unpublishAt: doc.unpublishAt ?? null,
    speaker_ids: doc.speaker_ids.map((id) => id.toHexString()),
    sourceFormat: doc.source?.format ?? null,
    ...presentVersioned(doc),
  };
}
