import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Filters for allRevisions.' })
export class RevisionFilter {
  @Field(() => [ID], { nullable: true })
  ids?: string[];

  @Field(() => ID, { nullable: true })
  entity_id?: string;

  @Field(() => String, { nullable: true })
  entity?: string;

  @Field(() => ID, { nullable: true })
  interview_id?: string;

  @Field(() => ID, { nullable: true })
  user_id?: string;

  @Field(() => String, { nullable: true })
  action?: string;

  @Field(() => Date, { nullable: true })
  createdAt_gte?: Date;

  @Field(() => Date, { nullable: true })
  createdAt_lte?: Date;

  @Field(() => String, { nullable: true, description: 'Matched against the action and the entity kind.' })
  q?: string;
}
