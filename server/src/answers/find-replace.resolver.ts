import { ObjectId } from 'mongodb';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { CurrentUserId, EDITORS } from '../graphql/authorization';
import { parseId } from '../shared/mongo/ids';
import { MaxLength } from '../shared/validate';
import type { TranscriptMatch as TranscriptMatchResult } from './answer.service';
import { Answer, presentAnswer } from './answer.type';
import { FIND_MAX_LENGTH } from './find-replace';

@InputType('FindOptions', { description: 'How find and replace compares text.' })
export class FindOptionsInput {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only the same upper and lower case (default: ignore case).',
  })
  matchCase?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only whole words: no letter, digit or underscore right before or after.',
  })
  wholeWord?: boolean | null;
}

@InputType('ReplaceMatchInput', {
  description:
    'One occurrence chosen in the preview (findInTranscript): its entry at the version previewed, field and offset.',
})
export class ReplaceMatchInput {
  @Field(() => ID)
  answer_id!: string;

  @Field(() => Int, {
    description: 'The version previewed: a newer one answers CONFLICT and nothing is replaced.',
  })
  version!: number;

  @Field(() => String, { description: '"question" or "text".' })
  field!: string;

  @Field(() => Int, {
    description: 'Where the match starts in the field (UTF-16 offset, as findInTranscript gave it).',
  })
  start!: number;
}

@ObjectType({ description: 'One occurrence of the searched text in a transcript, with the text around it.' })
export class TranscriptMatch {
  @Field(() => ID)
  answer_id!: string;

  @Field(() => Int)
  position!: number;

  @Field(() => Int, { description: 'The version of the entry searched: pass it back to replace this match.' })
  version!: number;

  @Field(() => String, { nullable: true })
  section!: string | null;

  @Field(() => String, { description: '"question" or "text".' })
  field!: string;

  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;

  @Field(() => String, { description: 'Up to 40 characters before the match ("…" when cut).' })
  before!: string;

  @Field(() => String, { description: 'The matched text as it stands in the entry.' })
  match!: string;

  @Field(() => String, { description: 'Up to 40 characters after the match ("…" when cut).' })
  after!: string;
}

@ObjectType({
  description: 'What a find and replace (or its undo) changed: one operation, one change per entry.',
})
export class TranscriptOperationResult {
  @Field(() => ID, {
    nullable: true,
    description: 'Shared by the revisions written (undoOperation takes it); null when nothing changed.',
  })
  operation_id!: string | null;

  @Field(() => Int, { description: 'How many occurrences were replaced (0 for an undo).' })
  replaced!: number;

  @Field(() => [Answer], { description: 'The entries changed, in transcript order.' })
  answers!: Answer[];
}

@ArgsType()
class FindArgs {
  @Field(() => ID)
  interview_id!: string;

  @Field(() => String)
  @MaxLength(FIND_MAX_LENGTH)
  find!: string;

  @Field(() => FindOptionsInput, { nullable: true })
  options?: FindOptionsInput | null;
}

@ArgsType()
class ReplaceArgs extends FindArgs {
  @Field(() => String, { description: 'Taken literally (no patterns); may be empty.' })
  @MaxLength(FIND_MAX_LENGTH)
  replace!: string;

  @Field(() => [ReplaceMatchInput], {
    nullable: true,
    description: 'The occurrences to replace; all when omitted.',
  })
  matches?: ReplaceMatchInput[] | null;
}

function presentMatch(found: TranscriptMatchResult): TranscriptMatch {
  return {
    answer_id: found.entry._id.toHexString(),
    position: found.entry.position,
    version: found.entry.version,
    section: found.entry.section,
    field: found.match.field,
    start: found.match.start,
    end: found.match.end,
    before: found.before,
    match: found.matched,
    after: found.after,
  };
}

@Resolver()
export class FindReplaceResolver {
  @Authorized(EDITORS)
  @Query(() => [TranscriptMatch], {
    description: "Every occurrence of `find` in an interview's questions and answers, in transcript order.",
  })
  async findInTranscript(@Args() args: FindArgs, @Ctx() ctx: RequestContext): Promise<TranscriptMatch[]> {
    const found = await ctx.services.answers.findInTranscript(
      args.interview_id,
      args.find,
      args.options ?? {},
    );
    return found.map(presentMatch);
  }

  @Authorized(EDITORS)
  @Mutation(() => TranscriptOperationResult, {
    description:
      'Replaces `find` in the chosen matches (or all): one versioned, revisioned change per entry, one transaction and one operation id.',
  })
  async replaceInTranscript(
    @Args() args: ReplaceArgs,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<TranscriptOperationResult> {
    const result = await ctx.services.answers.replaceInTranscript(args, userId);
    return {
      operation_id: result.operationId?.toHexString() ?? null,
      replaced: result.replaced,
      answers: result.entries.map(presentAnswer),
    };
  }

  @Authorized(EDITORS)
  @Mutation(() => TranscriptOperationResult, {
    description:
      "Undoes an operation that changed entries' fields (a find and replace) in one step; CONFLICT when an entry changed since.",
  })
  async undoOperation(
    @Arg('operation_id', () => ID) operationId: string,
    @CurrentUserId() userId: ObjectId,
    @Ctx() ctx: RequestContext,
  ): Promise<TranscriptOperationResult> {
    const result = await ctx.services.answers.undoOperation(parseId('operation_id', operationId), userId);
    return {
      operation_id: result.operationId?.toHexString() ?? null,
      replaced: 0,
      answers: result.entries.map(presentAnswer),
    };
  }
}
