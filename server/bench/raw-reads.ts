/**
 * What the service's resolvers read for a reader's queries, by the raw driver: the baseline the benchmarks
 * set GraphQL beside. Interviews are read as the service reads them, without their source text.
 */
import { Db, ObjectId } from 'mongodb';
import { Collections } from '../src/db/collections';
import { SOURCE_TEXT_PATH } from '../src/interviews/interview.model';

const INTERVIEW_READ = { projection: { [SOURCE_TEXT_PATH]: 0 } };

/** One transcript: the interview by slug, its entries in order, their speakers. Returns how many documents. */
export async function rawTranscript(db: Db, slug: string): Promise<number> {
  const interview = await db
    .collection(Collections.interviews)
    .findOne({ slug, status: 'PUBLISHED' }, INTERVIEW_READ);
  if (!interview) throw new Error(`no interview ${slug}`);
  const answers = await db
    .collection(Collections.answers)
    .find({ interview_id: interview._id })
    .sort({ position: 1 })
    .toArray();
  const ids = new Set<string>((interview.speaker_ids as ObjectId[]).map(String));
  for (const answer of answers) {
    if (answer.speaker_id) ids.add(String(answer.speaker_id));
    if (answer.questioner_id) ids.add(String(answer.questioner_id));
  }
  const speakers = await db
    .collection(Collections.speakers)
    .find({ _id: { $in: [...ids].map((id) => new ObjectId(id)) } })
    .toArray();
  return answers.length + speakers.length;
}

/** The newest published interviews (a page of 20 and one to tell whether more follow) and their speakers. */
export async function rawList(db: Db): Promise<number> {
  const interviews = await db
    .collection(Collections.interviews)
    .find({ status: 'PUBLISHED' }, INTERVIEW_READ)
    .sort({ publishedAt: -1, _id: -1 })
    .limit(21)
    .toArray();
  const ids = interviews.flatMap((interview) => interview.speaker_ids as ObjectId[]);
  const speakers = await db
    .collection(Collections.speakers)
    .find({ _id: { $in: ids } })
    .toArray();
  return interviews.length + speakers.length;
}
