import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AlignmentPairInput } from '../translations/translation.inputs';
import { TranslationPreview } from '../translations/translation.type';
import { MAX_URL_LENGTH, MaxLength } from '../shared/validate';
import { MAX_TRANSCRIPT_FILE_BASE64_LENGTH } from './source-file';

export enum TranscriptFormatEnum {
  NUMBERED = 'NUMBERED',
  DIALOGUE = 'DIALOGUE',
  QA = 'QA',
}
registerEnumType(TranscriptFormatEnum, {
  name: 'TranscriptFormat',
  description: 'NUMBERED: "1. Question?" lines; DIALOGUE: "Name: text"; QA: "Q:"/"A:" labels.',
});

@InputType({
  description: 'Everything may be omitted: the format and the names are then taken from the text.',
})
export class TranscriptOptions {
  @Field(() => TranscriptFormatEnum, { nullable: true })
  format?: TranscriptFormatEnum;

  @Field(() => String, { nullable: true })
  title?: string;

  @Field(() => String, { nullable: true })
  publisher?: string;

  @Field(() => String, { nullable: true })
  language?: string;

  @Field(() => String, { nullable: true, description: 'Who asks, when the text does not say.' })
  interviewer?: string;

  @Field(() => String, { nullable: true, description: 'Who answers, when the text does not say.' })
  interviewee?: string;

  @Field(() => Boolean, { nullable: true, description: 'Publish at once (importTranscript only).' })
  publish?: boolean;

  @Field(() => String, { nullable: true })
  @MaxLength(MAX_URL_LENGTH)
  sourceUrl?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The file the text comes from; its extension tells .vtt/.srt captions and .docx documents.',
  })
  fileName?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The file itself in base64 (for .docx), instead of the text argument, which is then "".',
  })
  @MaxLength(MAX_TRANSCRIPT_FILE_BASE64_LENGTH)
  contentBase64?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'Import as a translation of this interview (any version of its group), aligned with the original.',
  })
  translationOf?: string;

  @Field(() => [AlignmentPairInput], {
    nullable: true,
    description: 'With translationOf: the pairs (positions) replacing the default entry n ↔ entry n.',
  })
  alignment?: AlignmentPairInput[];
}

@ObjectType({ description: 'A guess the parser made, for the editor to check first.' })
export class TranscriptDecision {
  @Field(() => Int, { nullable: true, description: 'Source line the guess concerns.' })
  line!: number | null;

  @Field(() => String, {
    description:
      'SPEAKER_ALIAS, QUESTIONER_FROM_BYLINE, INTERVIEWEE_FROM_TITLE, SECTION_HEADING, BOILERPLATE, NOTE or CLOSING_WORDS.',
  })
  kind!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class TranscriptWarning {
  @Field(() => Int, { nullable: true })
  line!: number | null;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class TranscriptSpeaker {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'INTERVIEWER or INTERVIEWEE.' })
  role!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true })
  organization!: string | null;

  @Field(() => String, { nullable: true, description: 'The existing speaker this name will be matched to.' })
  existingSpeakerId!: string | null;
}

@ObjectType()
export class TranscriptEntry {
  @Field(() => Int)
  position!: number;

  @Field(() => String, { nullable: true })
  section!: string | null;

  @Field(() => String)
  question!: string;

  @Field(() => String, { nullable: true })
  questioner!: string | null;

  @Field(() => String)
  text!: string;

  @Field(() => String, { nullable: true })
  speaker!: string | null;

  @Field(() => Int, { nullable: true, description: 'Source line of the question.' })
  line!: number | null;

  @Field(() => Int, { nullable: true, description: 'Source line where the answer starts.' })
  answerLine!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds where the answer starts, when the source has times.',
  })
  startTime!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds where the answer ends, when the source has times.',
  })
  endTime!: number | null;
}

@ObjectType({ description: 'What an import would write, without writing it.' })
export class TranscriptPreview {
  @Field(() => TranscriptFormatEnum)
  format!: TranscriptFormatEnum;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true })
  publisher!: string | null;

  @Field(() => String)
  language!: string;

  @Field(() => String)
  intro!: string;

  @Field(() => [String])
  sections!: string[];

  @Field(() => [TranscriptSpeaker])
  speakers!: TranscriptSpeaker[];

  @Field(() => [TranscriptEntry])
  entries!: TranscriptEntry[];

  @Field(() => [String])
  boilerplate!: string[];

  @Field(() => [String], { description: "Editor's notes between the questions, kept on the interview." })
  notes!: string[];

  @Field(() => [TranscriptDecision], { description: 'Every guess, with its line, in source order.' })
  decisions!: TranscriptDecision[];

  @Field(() => [TranscriptWarning])
  warnings!: TranscriptWarning[];

  @Field(() => TranslationPreview, {
    nullable: true,
    description: 'With options.translationOf: the proposed alignment side by side and what does not line up.',
  })
  translation?: TranslationPreview | null;
}
