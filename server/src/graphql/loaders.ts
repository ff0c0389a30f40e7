import DataLoader from 'dataloader';
import { ObjectId } from 'mongodb';
import type { AnswerDocument } from '../answers/answer.model';
import type { InterviewDocument } from '../interviews/interview.model';
import type { Visibility } from '../interviews/interview.service';
import type { Services } from '../services';
import type { SpeakerDocument } from '../speakers/speaker.model';

/**
 * Per-request batching: nested fields of any number of items cost one database query per kind,
 * never one per item. Drafts are filtered here for callers who may not see them.
 */
export interface Loaders {
  speaker: DataLoader<string, SpeakerDocument | null>;
  interview: DataLoader<string, InterviewDocument | null>;
  answersOfInterview: DataLoader<string, AnswerDocument[]>;
  answersOfSpeaker: DataLoader<string, AnswerDocument[]>;
  interviewsOfSpeaker: DataLoader<string, InterviewDocument[]>;
  /** Display names of users (for revision authors); nothing else of an account. */
  userName: DataLoader<string, string | null>;
}

function byId<T extends { _id: ObjectId }>(keys: readonly string[], docs: T[]): (T | null)[] {
  const found = new Map(docs.map((doc) => [doc._id.toHexString(), doc]));
  return keys.map((key) => found.get(key) ?? null);
}

function groupBy<T>(keys: readonly string[], docs: T[], keysOf: (doc: T) => (ObjectId | null)[]): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const doc of docs) {
    for (const id of keysOf(doc)) groups.get(id?.toHexString() ?? '')?.push(doc);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

const toIds = (keys: readonly string[]): ObjectId[] => keys.map((key) => new ObjectId(key));

export function createLoaders(services: Services, visibility: Visibility): Loaders {
  return {
    speaker: new DataLoader(async (keys) => byId(keys, await services.speakers.getMany(toIds(keys)))),
    interview: new DataLoader(async (keys) =>
      byId(keys, await services.interviews.getMany(toIds(keys), visibility)),
    ),
    answersOfInterview: new DataLoader(async (keys) =>
      groupBy(keys, await services.answers.byInterviews(toIds(keys)), (doc) => [doc.interview_id]),
    ),
    answersOfSpeaker: new DataLoader(async (keys) =>
      groupBy(keys, await services.answers.bySpeakers(toIds(keys), visibility), (doc) => [doc.speaker_id]),
    ),
    userName: new DataLoader(async (keys) => {
      const users = await services.users.collection
        .find({ _id: { $in: toIds(keys) } }, { projection: { name: 1 } })
        .toArray();
      return byId(keys, users).map((user) => user?.name ?? null);
    }),
    interviewsOfSpeaker: new DataLoader(async (keys) =>
      groupBy(keys, await services.interviews.bySpeakers(toIds(keys), visibility), (doc) => doc.speaker_ids),
    ),
  };
}
