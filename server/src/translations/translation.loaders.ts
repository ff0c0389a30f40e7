import DataLoader from 'dataloader';
import { ObjectId } from 'mongodb';
import type { AnswerDocument } from '../answers/answer.model';
import type { InterviewDocument } from '../interviews/interview.model';
import type { Visibility } from '../interviews/interview.service';
import type { TranslationService } from './translation.service';
import type { TranslationGroupDocument } from './translation.model';

/** A request for an entry's counterparts in one language. */
export interface CounterpartKey {
  answerId: string;
  interviewId: string;
  language: string;
}

/** Per-request batching of translation lookups: one round of queries per kind, whatever the nesting. */
export interface TranslationLoaders {
  /** The group an interview belongs to (null when it has no translations). */
  group: DataLoader<string, TranslationGroupDocument | null>;
  /** Every version of an interview's group the caller may see (itself included); [] without a group. */
  versions: DataLoader<string, InterviewDocument[]>;
  counterparts: DataLoader<CounterpartKey, AnswerDocument[], string>;
}

export function createTranslationLoaders(
  translations: TranslationService,
  loadInterviews: (ids: ObjectId[]) => Promise<InterviewDocument[]>,
  visibility: Visibility,
): TranslationLoaders {
  const group = new DataLoader<string, TranslationGroupDocument | null>(async (keys) => {
    const groups = await translations.groupsOf(keys.map((key) => new ObjectId(key)));
    const byMember = new Map<string, TranslationGroupDocument>();
    for (const found of groups) for (const member of found.members) byMember.set(member.toHexString(), found);
    return keys.map((key) => byMember.get(key) ?? null);
  });
  const versions = new DataLoader<string, InterviewDocument[]>(async (keys) => {
    const groups = await group.loadMany(keys);
    const memberIds = new Map<string, ObjectId>();
    for (const found of groups) {
      if (found && !(found instanceof Error))
        for (const id of found.members) memberIds.set(id.toHexString(), id);
    }
    const docs = memberIds.size > 0 ? await loadInterviews([...memberIds.values()]) : [];
    const byId = new Map(docs.map((doc) => [doc._id.toHexString(), doc]));
    return groups.map((found) =>
      found && !(found instanceof Error)
        ? found.members
            .map((id) => byId.get(id.toHexString()))
            .filter((doc): doc is InterviewDocument => !!doc)
        : [],
    );
  });
  const counterparts = new DataLoader<CounterpartKey, AnswerDocument[], string>(
    (keys) =>
      translations.counterparts(
        keys.map((key) => ({
          answerId: new ObjectId(key.answerId),
          interviewId: new ObjectId(key.interviewId),
          language: key.language,
        })),
        visibility,
      ),
    { cacheKeyFn: (key) => `${key.answerId}:${key.language}` },
  );
  return { group, versions, counterparts };
}
