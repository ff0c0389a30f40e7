import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MAX_URL_LENGTH, MaxLength } from '../shared/validate';

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

  @Field(() => String, { nullable: true })
  fileName?: string;
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

  @Field(() => [TranscriptWarning])
  warnings!: TranscriptWarning[];
}
