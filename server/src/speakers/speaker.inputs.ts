import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MaxLength } from '../shared/validate';
import { LIMITS } from './speaker.service';

@InputType({ description: 'Filters for allSpeakers; values are plain values, matched literally.' })
export class SpeakerFilter {
  @Field(() => String, { nullable: true, description: 'Free text over name, title, organisation and bio.' })
  q?: string;

  @Field(() => [ID], { nullable: true })
  ids?: string[];

  @Field(() => String, { nullable: true })
  organization?: string;

  @Field(() => String, { nullable: true })
  slug?: string;
}

@ArgsType()
export class CreateSpeakerArgs {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  organization?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(LIMITS.bio)
  bio?: string | null;

  @Field(() => String, { nullable: true, description: 'Derived from the name when omitted.' })
  slug?: string | null;
}

@ArgsType()
export class UpdateSpeakerArgs {
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
  name?: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  organization?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(LIMITS.bio)
  bio?: string | null;

  @Field(() => String, { nullable: true })
  slug?: string;
}
