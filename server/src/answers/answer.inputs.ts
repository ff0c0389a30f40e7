import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { MaxLength } from '../shared/validate';
import { ANSWER_LIMITS } from './answer.service';

@InputType({ description: 'Filters for allAnswers; values are plain values, matched literally.' })
export class AnswerFilter {
  @Field(() => String, { nullable: true, description: 'Free text over the question and the answer.' })
  q?: string;

  @Field(() => [ID], { nullable: true })
  ids?: string[];

  @Field(() => ID, { nullable: true })
  interview_id?: string;

  @Field(() => ID, { nullable: true })
  speaker_id?: string;

  @Field(() => ID, { nullable: true })
  questioner_id?: string;

  @Field(() => String, { nullable: true })
  section?: string;

  @Field(() => Int, { nullable: true })
  position_gte?: number;

  @Field(() => Int, { nullable: true })
  position_lte?: number;

  @Field(() => Date, { nullable: true })
  updatedAt_gte?: Date;

  @Field(() => Date, { nullable: true })
  updatedAt_lte?: Date;
}

@ArgsType()
export class CreateAnswerArgs {
  @Field(() => ID)
  interview_id!: string;

  @Field(() => Int, { nullable: true, description: 'Where to insert (1-based); at the end when omitted.' })
  position?: number | null;

  @Field(() => String, { nullable: true })
  section?: string | null;

  @Field(() => String)
  @MaxLength(ANSWER_LIMITS.question)
  question!: string;

  @Field(() => ID, { nullable: true })
  questioner_id?: string | null;

  @Field(() => String)
  @MaxLength(ANSWER_LIMITS.text)
  text!: string;

  @Field(() => ID, { nullable: true })
  speaker_id?: string | null;
}

@ArgsType()
export class UpdateAnswerArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, {
    description:
      'The version you edited; a stale one is refused with CONFLICT (unless baseVersion is given).',
  })
  version!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version you started from: changes saved since are merged with yours (word by word in text); only overlapping changes answer CONFLICT with the base, theirs and yours.',
  })
  baseVersion?: number | null;

  @Field(() => String, { nullable: true })
  section?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(ANSWER_LIMITS.question)
  question?: string;

  @Field(() => ID, { nullable: true })
  questioner_id?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(ANSWER_LIMITS.text)
  text?: string;

  @Field(() => ID, { nullable: true })
  speaker_id?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds from the start of the recording; null clears it.',
  })
  startTime?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds from the start of the recording; null clears it.',
  })
  endTime?: number | null;
}
