import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MAX_URL_LENGTH, MaxLength } from '../shared/validate';
import { InterviewStatusEnum } from './interview.type';
import { LIMITS } from './interview.service';

@InputType({ description: 'Filters for allInterviews; values are plain values, matched literally.' })
export class InterviewFilter {
  @Field(() => String, { nullable: true, description: 'Free text over title, publisher, summary and intro.' })
  q?: string;

  @Field(() => [ID], { nullable: true })
  ids?: string[];

  @Field(() => InterviewStatusEnum, { nullable: true })
  status?: InterviewStatusEnum;

  @Field(() => String, { nullable: true })
  publisher?: string;

  @Field(() => String, { nullable: true })
  language?: string;

  @Field(() => ID, { nullable: true, description: 'Interviews in which this speaker asks or answers.' })
  speaker_id?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Every version (language) of this interview’s translation group, itself included.',
  })
  translationOf?: string;

  @Field(() => Date, { nullable: true })
  publishedAt_gte?: Date;

  @Field(() => Date, { nullable: true })
  publishedAt_lte?: Date;

  @Field(() => Date, { nullable: true })
  createdAt_gte?: Date;

  @Field(() => Date, { nullable: true })
  createdAt_lte?: Date;

  @Field(() => Date, { nullable: true })
  updatedAt_gte?: Date;

  @Field(() => Date, { nullable: true })
  updatedAt_lte?: Date;
}

@ArgsType()
export class CreateInterviewArgs {
  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true, description: 'Derived from the title when omitted.' })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  publisher?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(MAX_URL_LENGTH)
  sourceUrl?: string | null;

  @Field(() => String, { nullable: true })
  language?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(LIMITS.summary)
  summary?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(LIMITS.intro)
  intro?: string | null;

  @Field(() => [String], { nullable: true })
  sections?: string[] | null;

  @Field(() => [String], { nullable: true })
  @MaxLength(LIMITS.intro)
  boilerplate?: string[] | null;

  @Field(() => InterviewStatusEnum, { nullable: true, description: 'DRAFT unless given.' })
  status?: InterviewStatusEnum | null;
}

@ArgsType()
export class UpdateInterviewArgs {
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
  title?: string;

  @Field(() => String, { nullable: true })
  slug?: string;

  @Field(() => String, { nullable: true })
  publisher?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(MAX_URL_LENGTH)
  sourceUrl?: string | null;

  @Field(() => String, { nullable: true })
  language?: string;

  @Field(() => String, { nullable: true })
  @MaxLength(LIMITS.summary)
  summary?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(LIMITS.intro)
  intro?: string | null;

  @Field(() => [String], { nullable: true })
  sections?: string[];

  @Field(() => [String], { nullable: true })
  @MaxLength(LIMITS.intro)
  boilerplate?: string[];

  @Field(() => InterviewStatusEnum, { nullable: true })
  status?: InterviewStatusEnum;

  @Field(() => Date, {
    nullable: true,
    description: 'Publish this draft at that time (in the future); null cancels.',
  })
  publishAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Unpublish at that time (in the future, after publishAt when both are set); null cancels.',
  })
  unpublishAt?: Date | null;
}
