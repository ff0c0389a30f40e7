import { LRUCache } from 'lru-cache';
import { Db, ObjectId } from 'mongodb';
import type { AnswerDocument } from '../answers/answer.model';
import type { AnswerService } from '../answers/answer.service';
import { Collections } from '../db/collections';
import type { InterviewDocument } from '../interviews/interview.model';
import type { InterviewService, Visibility } from '../interviews/interview.service';
import type { Logger } from '../logger';
import { badUserInput, UnavailableError } from '../shared/errors';
import type { SpeakerDocument } from '../speakers/speaker.model';
import type { SpeakerService } from '../speakers/speaker.service';
import type { RawChange } from '../subscriptions/change-decoder';
import { ChangeFeed, ChangeFeedOptions } from '../subscriptions/change-feed';
import { parseQuery } from './query-parser';
import { FacetCount, RankedHit, SearchFilterValues, SearchIndex } from './search-index';
import {
  EntryRecord,
  entryRecord,
  interviewRecord,
  keyOf,
  SearchHitKind,
  SearchRecord,
  speakerRecord,
} from './search-records';
import type { Snippet } from './snippets';

export interface SearchSources {
  interviews: InterviewService;
  answers: AnswerService;
  speakers: SpeakerService;
}

const DEFAULT_BUILD_BATCH = 200;
/**
 * How long the index may hold the event loop at a time while it takes in changes or indexes again the entries
 * of a renamed speaker: requests are answered in between.
 */
const INDEXING_SLICE_MS = 8;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface SearchServiceOptions {
  feed?: ChangeFeedOptions;
  /** How long a search waits for the index to be built at start before answering "unavailable" (ms). */
  readyTimeoutMs?: number;
  /**
   * Documents read per query while building (default 200). Small pages keep the database's thread free
   * for readers between them: at 146k entries a transcript read during a rebuild takes p50 15 ms with
   * pages of 200, 51 ms with pages of 1,000, for a rebuild about a second longer.
   */
  buildBatchSize?: number;
}

export interface SearchArgs {
  query: string;
  first?: number | null;
  after?: string | null;
  filter?: SearchFilterValues | null;
}

export interface SearchHitView {
  kind: SearchHitKind;
  score: number;
  interviewId: string | null;
  answerId: string | null;
  speakerId: string | null;
  position: number | null;
  section: string | null;
  snippets: Snippet[];
}

export interface LabelledFacet extends FacetCount {
  label: string;
}

export interface SearchPage {
  totalCount: number;
  hits: SearchHitView[];
  hasNextPage: boolean;
  endCursor: string | null;
  facets: {
    speakers: LabelledFacet[];
    interviews: LabelledFacet[];
    publishers: LabelledFacet[];
    languages: LabelledFacet[];
  };
}

export const DEFAULT_SEARCH_PAGE = 20;
export const MAX_SEARCH_PAGE = 100;
/** How many Answers-list searches keep their matches for the next page or count. */
const RECENT_MATCH_LISTS = 16;

const KIND_OF_COLLECTION: Readonly<Record<string, SearchHitKind>> = {
  [Collections.answers]: 'ENTRY',
  [Collections.interviews]: 'INTERVIEW',
  [Collections.speakers]: 'SPEAKER',
};

/**
 * Ranked full-text search over entries, interviews and speakers. Each instance keeps its own index in
 * memory: built at start from the domain services (keyset pages), then kept current from the database's
 * change stream, so every instance over one database converges on the same index and answers alike.
 * The change stream is opened before the build; changes that arrive during it are re-read afterwards.
 */
export class SearchService {
  private index = new SearchIndex();
  /** The last lists' matches (see matchingEntries), with the index and generation they were found in. */
  private readonly recentMatches = new LRUCache<
    string,
    { index: SearchIndex; generation: number; entries: readonly EntryRecord[] }
  >({ max: RECENT_MATCH_LISTS });
  private feed: ChangeFeed | null = null;
  private built: Promise<void> | null = null;
  private isReady = false;
  /** Keys changed while a build runs: re-read once it is done. */
  private changedDuringBuild: Set<string> | null = null;
  private reindexing: Promise<void> | null = null;
  /** Builds begun so far; the latest one's promise. */
  private builds = 0;
  private latestBuild: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly sources: SearchSources,
    private readonly logger: Logger,
    private readonly options: SearchServiceOptions = {},
  ) {}

  get ready(): boolean {
    return this.isReady;
  }

  /** How many entries, interviews and speakers are indexed. */
  get indexedCount(): number {
    return this.index.size;
  }

  /** Opens the change stream and builds the index; resolves when searches can be answered. */
  start(): Promise<void> {
    if (!this.feed) {
      this.feed = new ChangeFeed(
        this.db,
        async (batch) => this.onChanges(batch),
        // A failed build is logged where it fails; the next gap, or a restart, builds again.
        () => void this.rebuild('the change stream could not resume').catch(() => undefined),
        this.logger,
        this.options.feed,
      );
      this.feed.start();
    }
    this.built ??= this.rebuild('start');
    return this.built;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.feed?.stop();
    this.feed = null;
  }

  async search(args: SearchArgs, visibility: Visibility): Promise<SearchPage> {
    const query = parseQuery(String(args.query));
    const limit = args.first ?? DEFAULT_SEARCH_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_PAGE) {
      throw badUserInput('first', `must be between 1 and ${MAX_SEARCH_PAGE}`);
    }
    const offset = args.after ? decodeCursor(args.after) : 0;
    await this.whenReady();
    const outcome = this.index.search({
      query,
      filter: args.filter ?? {},
      includeDrafts: visibility.includeDrafts,
      offset,
      limit,
    });
    const end = offset + outcome.hits.length;
    return {
      totalCount: outcome.totalCount,
      hits: outcome.hits.map((hit) => this.view(hit)),
      hasNextPage: end < outcome.totalCount,
      endCursor: outcome.hits.length > 0 ? encodeCursor(end) : null,
      facets: {
        speakers: outcome.facets.speakers.map((facet) => ({
          ...facet,
          label: this.index.speakerName(facet.value) ?? facet.value,
        })),
        interviews: outcome.facets.interviews.map((facet) => ({
          ...facet,
          label: this.index.interviewTitle(facet.value) ?? facet.value,
        })),
        publishers: outcome.facets.publishers.map((facet) => ({ ...facet, label: facet.value })),
        languages: outcome.facets.languages.map((facet) => ({ ...facet, label: facet.value })),
      },
    };
  }

  /**
   * The entries matching a query, best first (the Answers list's `q`). A list and its count ask the same
   * question, and so does each page after the first: the answer is kept until the index changes.
   */
  async matchingEntries(
    query: string,
    visibility: Visibility,
    limit: number,
  ): Promise<readonly EntryRecord[]> {
    await this.whenReady();
    const key = `${visibility.includeDrafts ? 'editor' : 'reader'}:${limit}:${query}`;
    const generation = this.index.generation;
    const kept = this.recentMatches.get(key);
    if (kept?.index === this.index && kept.generation === generation) return kept.entries;
    const outcome = this.index.search({
      query: parseQuery(String(query)),
      filter: {},
      includeDrafts: visibility.includeDrafts,
      offset: 0,
      limit,
      entriesOnly: true,
      idsOnly: true,
    });
    const entries = outcome.hits.flatMap(({ record }) => (record.kind === 'ENTRY' ? [record] : []));
    this.recentMatches.set(key, { index: this.index, generation, entries });
    return entries;
  }

  private view(hit: RankedHit): SearchHitView {
    const { record } = hit;
    return {
      kind: record.kind,
      score: hit.score,
      interviewId: record.kind === 'SPEAKER' ? null : record.interviewId,
      answerId: record.kind === 'ENTRY' ? record.id : null,
      speakerId: record.kind === 'SPEAKER' ? record.id : record.kind === 'ENTRY' ? record.speakerId : null,
      position: record.kind === 'ENTRY' ? record.position : null,
      section: record.kind === 'ENTRY' ? record.section : null,
      snippets: hit.snippets,
    };
  }

  private async whenReady(): Promise<void> {
    if (this.isReady) return;
    const building = this.start();
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([building.then(() => 'built' as const), timedOut]);
      if (outcome === 'timeout' || !this.isReady) {
        throw new UnavailableError('The search index is still being built; try again shortly');
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Reads everything afresh (at start, and when the change stream lost changes). A build begun while another
   * runs replaces it: the earlier one stops reading and resolves when the later one does.
   */
  private rebuild(reason: string): Promise<void> {
    const build = ++this.builds;
    this.latestBuild = this.buildIndex(build, reason);
    return this.latestBuild;
  }

  private async buildIndex(build: number, reason: string): Promise<void> {
    const startedAt = Date.now();
    const changed = new Set<string>();
    this.changedDuringBuild = changed;
    const superseded = () => build !== this.builds;
    try {
      await this.feed?.waitUntilReady(this.options.readyTimeoutMs ?? 30_000);
      if (this.closed) return this.buildStopped(reason);
      const fresh = new SearchIndex();
      await this.readAll(fresh, () => this.closed || superseded());
      if (this.closed) return this.buildStopped(reason);
      if (superseded()) return await this.latestBuild;
      this.index = fresh;
      this.changedDuringBuild = null;
      await this.reread([...changed]);
      this.reindexStale();
      this.isReady = true;
      this.logger.info(
        { reason, records: this.index.size, ms: Date.now() - startedAt },
        'Search: index built',
      );
    } catch (error) {
      if (superseded()) return await this.latestBuild;
      this.changedDuringBuild = null;
      this.built = null;
      // Stopping closes the database under a build that is still reading: that is no failure.
      if (this.closed) return this.buildStopped(reason, error);
      this.logger.error({ err: error, reason }, 'Search: the index could not be built');
      throw error;
    }
  }

  private buildStopped(reason: string, error?: unknown): void {
    this.changedDuringBuild = null;
    this.logger.debug({ reason, err: error }, 'Search: index build stopped, the service is closing');
  }

  private async readAll(into: SearchIndex, stopped: () => boolean): Promise<void> {
    const batch = this.options.buildBatchSize ?? DEFAULT_BUILD_BATCH;
    // Each reader gives the page after the last document of the previous one (null: the first page).
    const readers: [(last: never) => Promise<object[]>, (doc: never) => SearchRecord | null][] = [
      [
        (last: SpeakerDocument | null) => this.sources.speakers.inIdOrder(last?._id ?? null, batch),
        speakerRecord,
      ],
      [
        (last: InterviewDocument | null) => this.sources.interviews.inIdOrder(last?._id ?? null, batch),
        interviewRecord,
      ],
      [(last: AnswerDocument | null) => this.sources.answers.inTranscriptOrder(last, batch), entryRecord],
    ];
    for (const [read, toRecord] of readers) {
      let page = read(null as never);
      for (;;) {
        const docs = await page;
        const more = docs.length === batch;
        // The database reads the next page while this one is indexed.
        if (more) page = read(docs[docs.length - 1] as never);
        for (const doc of docs) {
          const record = toRecord(doc as never);
          if (record) into.upsert(record);
        }
        if (stopped()) {
          if (more) page.catch(() => undefined);
          return;
        }
        if (!more) break;
      }
    }
  }

  private async onChanges(batch: RawChange[]): Promise<void> {
    if (this.changedDuringBuild) {
      for (const change of batch) {
        const kind = KIND_OF_COLLECTION[change.collection];
        if (kind) this.changedDuringBuild.add(keyOf(kind, change.id));
      }
      return;
    }
    let sliceStarted = performance.now();
    for (const change of batch) {
      this.apply(change);
      if (performance.now() - sliceStarted >= INDEXING_SLICE_MS) {
        await nextTurn();
        sliceStarted = performance.now();
      }
    }
    this.reindexStale();
  }

  /** Indexes again, a slice at a time, the entries of speakers renamed meanwhile (see SearchIndex.upsert). */
  private reindexStale(): void {
    if (this.reindexing || this.index.staleCount === 0) return;
    this.reindexing = this.reindexInSlices()
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'Search: re-indexing renamed speakers failed'),
      )
      .finally(() => (this.reindexing = null));
  }

  private async reindexInSlices(): Promise<void> {
    while (this.index.reindexStale(INDEXING_SLICE_MS)) await nextTurn();
  }

  private apply(change: RawChange): void {
    const kind = KIND_OF_COLLECTION[change.collection];
    if (!kind) return;
    const key = keyOf(kind, change.id);
    if (change.operation === 'delete') {
      this.index.remove(key);
      return;
    }
    // An update whose document was gone by the time it was looked up is followed by its delete.
    if (!change.document) return;
    const record =
      kind === 'ENTRY'
        ? entryRecord(change.document)
        : kind === 'INTERVIEW'
          ? interviewRecord(change.document)
          : speakerRecord(change.document);
    if (record) this.index.upsert(record);
  }

  /** Brings these records up to date from the database (current state, or removed when gone). */
  private async reread(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const idsOf = (prefix: string) =>
      keys.filter((key) => key.startsWith(prefix)).map((key) => new ObjectId(key.slice(2)));
    const everything = { includeDrafts: true };
    const [speakers, interviews, answers] = await Promise.all([
      this.sources.speakers.getMany(idsOf('S:')),
      this.sources.interviews.getMany(idsOf('I:'), everything),
      this.sources.answers.getMany(idsOf('E:'), everything),
    ]);
    const found = new Set<string>();
    for (const record of [
      ...speakers.map(speakerRecord),
      ...interviews.map(interviewRecord),
      ...answers.map(entryRecord),
    ]) {
      if (!record) continue;
      found.add(record.key);
      this.index.upsert(record);
    }
    for (const key of keys) if (!found.has(key)) this.index.remove(key);
  }
}

function encodeCursor(offset: number): string {
  return Buffer.from(`search:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^search:(\d{1,9})$/u.exec(Buffer.from(String(cursor), 'base64url').toString());
  if (!match) throw badUserInput('after', 'is not a cursor this search returned');
  return Number(match[1]);
}
