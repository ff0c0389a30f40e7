import type { ClientSession, Collection, ObjectId } from 'mongodb';
import type { AnswerDocument } from './answer.model';

/**
 * Shifts the positions in [from, to] of one interview by `delta`, inside the caller's transaction.
 * Done in three passes through negative numbers so the unique (interview, position) index never
 * sees two entries on one position mid-way, on any server.
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
  const moved = await answers.updateMany(
    { interview_id: interviewId, position },
    { $mul: { position: -1 } },
    { session },
  );
  if (moved.modifiedCount === 0) return;
  const parked = { interview_id: interviewId, position: { $lt: 0 } };
  await answers.updateMany(parked, { $inc: { position: -delta } }, { session });
  await answers.updateMany(parked, { $mul: { position: -1 } }, { session });
}

export async function countEntries(
  answers: Collection<AnswerDocument>,
  session: ClientSession,
  interviewId: ObjectId,
): Promise<number> {
  return answers.countDocuments({ interview_id: interviewId }, { session });
}
