import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Answer } from '../answers/answer.type';
import { Interview } from '../interviews/interview.type';
import { TranscriptEntry } from '../transcripts/transcript.types';
import type { StaleMarkDocument, StaleText as StaleTextDocument } from './translation.model';

@ObjectType({ description: 'An entry’s question and text at one moment.' })
export class StaleText {
  @Field(() => String)
  question!: string;

  @Field(() => String)
  text!: string;
}

@ObjectType({ description: 'A counterpart entry that changed since this entry was last in step with it.' })
export class StaleSource {
  @Field(() => ID)
  answer_id!: string;

  @Field(() => StaleText, { description: 'Its question and text when this entry was last in step with it.' })
  before!: StaleText;

  @Field(() => StaleText, { nullable: true, description: 'Its question and text now; null once deleted.' })
  after!: StaleText | null;
}

@ObjectType({ description: '"Changed in <language> since translated": kept until an editor marks it done.' })
export class TranslationStaleness {
  @Field(() => String, { description: 'The language of the version that changed.' })
  language!: string;

  @Field(() => ID, { description: 'The version that changed.' })
  interview_id!: string;

  @Field(() => String)
  message!: string;

  @Field(() => Date, { description: 'The first change since the last sync.' })
  since!: Date;

  @Field(() => Date, { description: 'The latest change.' })
  changedAt!: Date;

  @Field(() => ID, { nullable: true })
  changedBy!: string | null;

  // One or two entries (a pair's source side), not the ten an unpaged list is assumed to hold.
  @Field(() => [StaleSource], { complexity: ({ childComplexity }) => 1 + 2 * childComplexity })
  sources!: StaleSource[];
}

@ObjectType({
  description: 'One side-by-side row: a pair, or an entry without counterpart (one side empty).',
})
export class AlignmentRow {
  @Field(() => ID, { nullable: true, description: 'The pair; null for an unpaired entry.' })
  pair_id!: string | null;

  @Field(() => [Answer], { description: 'Entries of the original, by position.' })
  original!: Answer[];

  @Field(() => [Answer], { description: 'Entries of the translation, by position.' })
  translation!: Answer[];
}

@ObjectType({ description: 'How a translation’s entries pair with its original’s.' })
export class TranslationAlignment {
  @Field(() => Interview)
  original!: Interview;

  @Field(() => Interview)
  translation!: Interview;

  @Field(() => [AlignmentRow], { description: 'Every entry of both sides once, in reading order.' })
  rows!: AlignmentRow[];
}

export enum TranslationMismatchKindEnum {
  ENTRY_COUNT = 'ENTRY_COUNT',
  SECTION_MISSING = 'SECTION_MISSING',
  SPEAKER_MISMATCH = 'SPEAKER_MISMATCH',
  UNPAIRED = 'UNPAIRED',
}
registerEnumType(TranslationMismatchKindEnum, {
  name: 'TranslationMismatchKind',
  description:
    'ENTRY_COUNT: different numbers of entries; SECTION_MISSING: a section of the original has no counterpart ' +
    'section (by order); SPEAKER_MISMATCH: the speakers of a pair do not correspond; UNPAIRED: no counterpart.',
});

@ObjectType()
export class TranslationMismatch {
  @Field(() => TranslationMismatchKindEnum)
  kind!: TranslationMismatchKindEnum;

  @Field(() => String)
  message!: string;

  @Field(() => Int, { nullable: true })
  originalPosition!: number | null;

  @Field(() => Int, { nullable: true })
  translationPosition!: number | null;
}

@ObjectType({ description: 'A proposed pair (or an unpaired entry) of the import preview.' })
export class PreviewAlignmentRow {
  @Field(() => [Answer], { description: 'The original’s stored entries.' })
  original!: Answer[];

  @Field(() => [TranscriptEntry], { description: 'The parsed entries of the new text.' })
  translation!: TranscriptEntry[];

  @Field(() => [TranslationMismatchKindEnum])
  mismatches!: TranslationMismatchKindEnum[];
}

@ObjectType({ description: 'How the text would be linked and aligned as a translation.' })
export class TranslationPreview {
  @Field(() => Interview, { description: 'The group’s original, which the new version is aligned with.' })
  original!: Interview;

  @Field(() => String, { description: 'The language the new version will have (canonical BCP 47).' })
  language!: string;

  @Field(() => [PreviewAlignmentRow])
  rows!: PreviewAlignmentRow[];

  @Field(() => [TranslationMismatch])
  mismatches!: TranslationMismatch[];
}

function presentText(text: StaleTextDocument): StaleText {
  return { question: text.question, text: text.text };
}

export function presentStaleness(mark: StaleMarkDocument): TranslationStaleness {
  return {
    language: mark.language,
    interview_id: mark.interview_id.toHexString(),
    message: `changed in ${mark.language} since translated`,
    since: mark.since,
    changedAt: mark.changedAt,
    changedBy: mark.changedBy?.toHexString() ?? null,
    sources: mark.sources.map((source) => ({
      answer_id: source.answer_id.toHexString(),
      before: presentText(source.before),
      after: source.after ? presentText(source.after) : null,
    })),
  };
}
