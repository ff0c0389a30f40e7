import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Answer } from '../answers/answer.type';
import { Interview } from '../interviews/interview.type';
import { Speaker } from '../speakers/speaker.type';
import type { SearchHitKind } from './search-records';
import type { Snippet } from './snippets';

export const SearchHitKindEnum = { ENTRY: 'ENTRY', INTERVIEW: 'INTERVIEW', SPEAKER: 'SPEAKER' } as const;
registerEnumType(SearchHitKindEnum, {
  name: 'SearchHitKind',
  description: 'What a hit is: a transcript entry, an interview (title, intro) or a speaker.',
});

@InputType({ description: 'Narrows a search; facets count within it.' })
export class SearchFilter {
  @Field(() => ID, { nullable: true, description: 'Entries answered by this speaker (and the speaker).' })
  speaker_id?: string | null;

  @Field(() => ID, { nullable: true, description: 'This interview and its entries.' })
  interview_id?: string | null;

  @Field(() => String, { nullable: true })
  publisher?: string | null;

  @Field(() => String, { nullable: true })
  language?: string | null;
}

@ArgsType()
export class SearchArgsType {
  @Field(() => String, {
    description:
      'Words (all must match; closer together ranks higher), "exact phrases", -exclusions; the last word matches as a prefix while it is typed.',
  })
  query!: string;

  @Field(() => Int, { nullable: true, description: 'Hits per page (default 20, at most 100).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;

  @Field(() => SearchFilter, { nullable: true })
  filter?: SearchFilter | null;
}

@ObjectType()
export class MatchRangeType {
  @Field(() => Int, { description: 'UTF-16 offset of the first matched character in the snippet text.' })
  start!: number;

  @Field(() => Int, { description: 'UTF-16 offset just after the match.' })
  end!: number;
}

@ObjectType('SearchSnippet', { description: 'A passage of a hit around its matches.' })
export class SearchSnippetType {
  @Field(() => String, {
    description: 'The field it comes from: text, question, section, title, intro, name, bio…',
  })
  field!: string;

  @Field(() => String, { description: 'The passage; "…" marks where it was cut.' })
  text!: string;

  @Field(() => [MatchRangeType])
  ranges!: MatchRangeType[];

  @Field(() => String, { description: 'The text with every match between the markers chosen on `snippets`.' })
  highlighted!: string;
}

@ObjectType('SearchHit')
export class SearchHitType {
  @Field(() => Float, {
    description:
      'Relevance: BM25 over weighted fields times a proximity bonus; comparable within one search.',
  })
  score!: number;

  @Field(() => SearchHitKindEnum)
  kind!: SearchHitKind;

  @Field(() => Interview, { nullable: true, description: 'The interview the hit is in (or is).' })
  interview!: Interview | null;

  @Field(() => Answer, { nullable: true, description: 'The entry, for entry hits.' })
  answer!: Answer | null;

  @Field(() => Speaker, { nullable: true, description: 'Who answers in the entry, or the speaker hit.' })
  speaker!: Speaker | null;

  /** Resolved by `snippets(highlightStart, highlightEnd)`, which adds the highlighted text. */
  rawSnippets!: Snippet[];
}

@ObjectType()
export class SearchPageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class SearchFacetValue {
  @Field(() => String, { description: 'The value to filter by (an id for speakers and interviews).' })
  value!: string;

  @Field(() => String, { description: 'What to show: a name, a title, the value itself.' })
  label!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class SearchFacets {
  @Field(() => [SearchFacetValue])
  speakers!: SearchFacetValue[];

  @Field(() => [SearchFacetValue])
  interviews!: SearchFacetValue[];

  @Field(() => [SearchFacetValue])
  publishers!: SearchFacetValue[];

  @Field(() => [SearchFacetValue])
  languages!: SearchFacetValue[];
}

@ObjectType()
export class SearchResults {
  @Field(() => Int, { description: 'How many hits the query has for this caller and filter.' })
  totalCount!: number;

  @Field(() => SearchPageInfo)
  pageInfo!: SearchPageInfo;

  @Field(() => [SearchHitType])
  hits!: SearchHitType[];

  @Field(() => SearchFacets, {
    description: 'Hit counts by speaker, interview, publisher and language (top 20 each).',
  })
  facets!: SearchFacets;
}
