import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { MAX_PER_PAGE, type ListParams } from '../shared/list-query';

/** The list arguments the ra-data-graphql-simple provider sends (page is zero-based). */
@ArgsType()
export class ListArgs implements ListParams {
  @Field(() => Int, { nullable: true, description: 'Zero-based page number.' })
  page?: number;

  @Field(() => Int, { nullable: true, description: `Items per page, at most ${MAX_PER_PAGE}.` })
  perPage?: number;

  @Field(() => String, { nullable: true })
  sortField?: string;

  @Field(() => String, { nullable: true, description: 'ASC or DESC.' })
  sortOrder?: string;
}

@ObjectType()
export class ListMetadata {
  @Field(() => Int)
  count!: number;
}
