import type { ClientSession, Collection, ObjectId } from 'mongodb';
import type { AnswerDocument } from './answer.model';

/**
 * Shifts the positions in [from, to] of one interview by `delta`, inside the caller's transaction.
 * MongoDB checks the unique (interview, position) index document by document, so a plain $inc could
 * collide half-way. First every moved entry is parked at the negation of its new position (no entry is
 * negative, and the new positions are distinct), then flipped back into the places the caller freed.
 */
export async function shiftPositions(
  answers: Collection<AnswerDocument>,
  session: ClientSession,
  interviewId: ObjectId,
  range: { from: number; to?: number },
  delta: number,
): Promise<void> {
  if (delta === 0) return;
  const position = range.to === undefined ? { $gte: range.from } : { $gte: range.from, $lte: range.to };
  const parked = await answers.updateMany(
    { interview_id: interviewId, position },
    [{ $set: { position: { $multiply: [{ $add: ['$position', delta] }, -1] } } }],
    { session },
  );
  if (parked.modifiedCount === 0) return;
  await answers.updateMany(
    { interview_id: interviewId, position: { $lt: 0 } },
    { $mul: { position: -1 } },
    { session },
  );
}

export async function countEntries(
  answers: Collection<AnswerDocument>,
  session: ClientSession,
  interviewId: ObjectId,
): Promise<number> {
  return answers.countDocuments({ interview_id: interviewId }, { session });
}
