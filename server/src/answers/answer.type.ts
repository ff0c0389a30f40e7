import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { presentVersioned, VersionedType } from '../graphql/versioned.type';
import type { AnswerDocument } from './answer.model';
import type { StaleMarkDocument } from '../translations/translation.model';

@ObjectType({
  description: 'One transcript entry: the question asked, by whom, the answer, by whom, where.',
  // Its fields carry no @Authorized or middleware: graphql-js reads them directly, without type-graphql's
  // per-field wrapper (a transcript has hundreds of them). Field resolvers are wrapped regardless.
  simpleResolvers: true,
})
export class Answer extends VersionedType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  interview_id!: string;

  @Field(() => Int, { description: '1-based position within the interview.' })
  position!: number;

  @Field(() => String, { nullable: true })
  section!: string | null;

  @Field(() => String)
  question!: string;

  @Field(() => ID, { nullable: true })
  questioner_id!: string | null;

  @Field(() => String)
  text!: string;

  @Field(() => ID, { nullable: true })
  speaker_id!: string | null;

  @Field(() => Float, { nullable: true, description: 'Seconds from the start of the recording, when known.' })
  startTime!: number | null;

  @Field(() => Float, { nullable: true, description: 'Seconds from the start of the recording, when known.' })
  endTime!: number | null;

  /** Not a field of its own: Answer.stale (translations/) presents it to editors. */
  staleMarks?: StaleMarkDocument[];

  @Field(() => Boolean, {
    description:
      'Made by splitting the entry before it: it continues that answer and has no question of its own (readers do not repeat one).',
  })
  continuation!: boolean;
}

export function presentAnswer(doc: AnswerDocument): Answer {
  return {
    id: doc._id.toHexString(),
    interview_id: doc.interview_id.toHexString(),
    position: doc.position,
    section: doc.section,
    question: doc.question,
    questioner_id: doc.questioner_id?.toHexString() ?? null,
    startTime: doc.startTime ?? null,
    endTime: doc.endTime ?? null,
    continuation: doc.continuation ?? false,
    text: doc.text,
    speaker_id: doc.speaker_id?.toHexString() ?? null,
    ...(doc.stale ? { staleMarks: doc.stale } : {}),
    ...presentVersioned(doc),
  };
}
