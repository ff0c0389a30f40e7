import DataLoader from 'dataloader';
import { ObjectId } from 'mongodb';
import type { AnswerDocument } from '../answers/answer.model';
import type { InterviewDocument } from '../interviews/interview.model';
import type { Visibility } from '../interviews/interview.service';
import type { DomainServices } from '../app/domain-services';
import type { SpeakerDocument } from '../speakers/speaker.model';
import { Page, pageKey } from './paging';
import { createTranslationLoaders, TranslationLoaders } from '../translations/translation.loaders';

/**
 * Per-request batching: nested fields of any number of items cost one database query per kind,
 * never one per item. Drafts are filtered here for callers who may not see them.
 */
export interface Loaders {
  speaker: DataLoader<string, SpeakerDocument | null>;
  /**
   * The speaker if this request has read it already (null when there is none), else undefined: the entries
   * of a transcript name the same few people, and answering those fields at once spares a promise each.
   */
  speakerAlreadyRead(id: string): SpeakerDocument | null | undefined;
  interview: DataLoader<string, InterviewDocument | null>;
  /** A page of an interview's entries, in order. */
  answersOfInterview: DataLoader<PageOf, AnswerDocument[], string>;
  answerCountOfInterview: DataLoader<string, number>;
  /** A page of a speaker's entries. */
  answersOfSpeaker: DataLoader<PageOf, AnswerDocument[], string>;
  /** A page of a speaker's interviews, newest first. */
  interviewsOfSpeaker: DataLoader<PageOf, InterviewDocument[], string>;
  /** Display names of users (for revision authors); nothing else of an account. */
  userName: DataLoader<string, string | null>;
  /** Translation groups, their versions, entries' counterparts. */
  translations: TranslationLoaders;
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

/** A page of the list that belongs to the document `id`. */
export interface PageOf extends Page {
  id: string;
}

const cacheKeyFn = (key: PageOf): string => pageKey(key.id, key);

/** Runs `load` once per distinct page in the batch (a batch usually asks for one page of many lists). */
async function byPage<T>(
  keys: readonly PageOf[],
  load: (ids: string[], page: Page) => Promise<T[][]>,
): Promise<T[][]> {
  const groups = new Map<string, { page: Page; indexes: number[] }>();
  keys.forEach((key, index) => {
    const id = `${key.offset}:${key.first}`;
    const group = groups.get(id) ?? { page: { offset: key.offset, first: key.first }, indexes: [] };
    group.indexes.push(index);
    groups.set(id, group);
  });
  const results: T[][] = new Array<T[]>(keys.length);
  await Promise.all(
    [...groups.values()].map(async ({ page, indexes }) => {
      const lists = await load(
        indexes.map((index) => keys[index].id),
        page,
      );
      indexes.forEach((keyIndex, i) => (results[keyIndex] = lists[i]));
    }),
  );
  return results;
}

/**
 * One query for many lists, paged per list: a single list is paged by the database; several are read
 * together and sliced here (one query per batch, whatever the number of lists).
 */
async function pagedGroups<T>(
  ids: string[],
  page: Page,
  read: (ids: ObjectId[], slice?: { skip: number; limit: number }) => Promise<T[]>,
  keysOf: (doc: T) => (ObjectId | null)[],
): Promise<T[][]> {
  if (ids.length === 1) return [await read(toIds(ids), { skip: page.offset, limit: page.first })];
  return groupBy(ids, await read(toIds(ids)), keysOf).map((docs) =>
    docs.slice(page.offset, page.offset + page.first),
  );
}

export function createLoaders(services: DomainServices, visibility: Visibility): Loaders {
  const speakersRead = new Map<string, SpeakerDocument | null>();
  return {
    speaker: new DataLoader(async (keys) => {
      const speakers = byId(keys, await services.speakers.getMany(toIds(keys)));
      keys.forEach((key, index) => speakersRead.set(key, speakers[index]));
      return speakers;
    }),
    speakerAlreadyRead: (id) => speakersRead.get(id),
    interview: new DataLoader(async (keys) =>
      byId(keys, await services.interviews.getMany(toIds(keys), visibility)),
    ),
    // One indexed query for the same page of any number of interviews.
    answersOfInterview: new DataLoader(
      (keys) =>
        byPage(keys, async (ids, page) =>
          groupBy(
            ids,
            await services.answers.pageOfInterviews(toIds(ids), { skip: page.offset, limit: page.first }),
            (doc) => [doc.interview_id],
          ),
        ),
      { cacheKeyFn },
    ),
    answerCountOfInterview: new DataLoader(async (keys) => {
      const byInterview = await services.answers.countByInterviews(toIds(keys));
      return keys.map((key) => byInterview.get(key) ?? 0);
    }),
    answersOfSpeaker: new DataLoader(
      (keys) =>
        byPage(keys, (ids, page) =>
          pagedGroups(
            ids,
            page,
            (speakerIds, slice) => services.answers.bySpeakers(speakerIds, visibility, slice),
            (doc) => [doc.speaker_id],
          ),
        ),
      { cacheKeyFn },
    ),
    userName: new DataLoader(async (keys) => {
      const users = await services.users.namesOf(toIds(keys));
      return byId(keys, users).map((user) => user?.name ?? null);
    }),
    interviewsOfSpeaker: new DataLoader(
      (keys) =>
        byPage(keys, (ids, page) =>
          pagedGroups(
            ids,
            page,
            (speakerIds, slice) => services.interviews.bySpeakers(speakerIds, visibility, slice),
            (doc) => doc.speaker_ids,
          ),
        ),
      { cacheKeyFn },
    ),
    translations: createTranslationLoaders(
      services.translations,
      (ids) => services.interviews.getMany(ids, visibility),
      visibility,
    ),
  };
}
