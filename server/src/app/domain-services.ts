import type { Db, MongoClient } from 'mongodb';
import type { Config } from '../config';
import type { Database } from '../db/connection';
import type { Logger } from '../logger';
import { RevisionWriter } from '../revisions/revision.writer';
import { SpeakerService } from '../speakers/speaker.service';
import { AnswerService, type EntrySearch } from '../answers/answer.service';
import { InterviewService } from '../interviews/interview.service';
import { RevisionService } from '../revisions/revision.service';
import { TranscriptImportService } from '../transcripts/import.service';
import { TokenService } from '../auth/tokens';
import { UserService } from '../auth/user.service';
import { LoginThrottle } from '../auth/login-throttle';
import { ContentChangeService } from '../subscriptions/content-change.service';
import { PresenceService } from '../presence/presence.service';
import { SearchService } from '../search/search.service';
import { ReaderCache } from '../graphql/reader-cache/reader-cache';
import { ExportService } from '../exports/export.service';
import { TranslationService } from '../translations/translation.service';

/** The domain services of one running instance; resolvers reach the database only through these. */
export interface DomainServices {
  database: Database;
  config: Config;
  logger: Logger;
  revisionWriter: RevisionWriter;
  speakers: SpeakerService;
  users: UserService;
  interviews: InterviewService;
  answers: AnswerService;
  revisions: RevisionService;
  transcripts: TranscriptImportService;
  /** Translation groups, the alignment of their entries, and stale marks when counterparts change. */
  translations: TranslationService;
  /** Live content changes for subscribers (opens its change stream on the first subscription). */
  contentChanges: ContentChangeService;
  /** Who has which interview open, across instances. */
  presence: PresenceService;
  /** Ranked full-text search; its in-memory index is built by `start()` and follows the change stream. */
  search: SearchService;
  /** Interviews as Markdown, plain text, JSON and captions. */
  exports: ExportService;
  /** Readers' answers until the content changes (started with the HTTP server). */
  readerCache: ReaderCache;
}

/** The content domain's services (speakers, interviews, entries, their history, imports) over one database. */
export type ContentServices = Pick<
  DomainServices,
  'revisionWriter' | 'revisions' | 'speakers' | 'interviews' | 'answers' | 'transcripts' | 'translations'
>;

export function createContentServices(
  client: MongoClient,
  db: Db,
  entrySearch: EntrySearch | null = null,
): ContentServices {
  const revisionWriter = new RevisionWriter(db);
  const revisions = new RevisionService(db);
  // Interviews and speakers ask the answers service about entries while it asks them about interviews and
  // speakers: they get narrow views that reach `answers` only when called, after every service exists.
  const speakers = new SpeakerService(client, db, revisionWriter, {
    countEntriesOfSpeaker: (session, speakerId) => answers.countEntriesOfSpeaker(session, speakerId),
  });
  const interviews = new InterviewService(
    client,
    db,
    revisionWriter,
    {
      deleteAllOfInterview: (session, interviewId) => answers.deleteAllOfInterview(session, interviewId),
    },
    {
      interviewDeleting: (session, interview, userId) =>
        translations.interviewDeleting(session, interview, userId),
      languageChanging: (session, interviewId, language) =>
        translations.languageChanging(session, interviewId, language),
    },
  );
  const answers: AnswerService = new AnswerService(
    client,
    db,
    revisionWriter,
    interviews,
    speakers,
    revisions,
    entrySearch,
    {
      entryChanged: (session, before, after, userId) =>
        translations.entryChanged(session, before, after, userId),
      entrySplit: (session, from, added, userId) => translations.entrySplit(session, from, added, userId),
      entriesMerged: (session, kept, absorbed, userId) =>
        translations.entriesMerged(session, kept, absorbed, userId),
      entryDeleted: (session, entry, userId) => translations.entryDeleted(session, entry, userId),
    },
  );
  const translations: TranslationService = new TranslationService(
    client,
    db,
    revisionWriter,
    interviews,
    answers,
  );
  const transcripts = new TranscriptImportService(
    client,
    speakers,
    interviews,
    answers,
    revisionWriter,
    translations,
  );
  return { revisionWriter, revisions, speakers, interviews, answers, transcripts, translations };
}

export function createDomainServices(database: Database, config: Config, logger: Logger): DomainServices {
  const { client, db } = database;
  // The Answers list's `q` asks the search, which is built over the content services: a view that reaches
  // `search` only when called.
  const content = createContentServices(client, db, {
    get ready() {
      return search.ready;
    },
    matchingEntries: (query, visibility, limit) => search.matchingEntries(query, visibility, limit),
  });
  const search: SearchService = new SearchService(db, content, logger);
  const readerCache = new ReaderCache(db, config.readerCache, logger);
  return {
    database,
    config,
    logger,
    ...content,
    users: new UserService(
      client,
      db,
      content.revisionWriter,
      new TokenService(config.jwtSecret, config.tokenTtlSeconds),
      new LoginThrottle(db, config.loginThrottle),
    ),
    // A reader told of a change by its subscription must not then be answered from before it.
    contentChanges: new ContentChangeService(db, content, logger, {
      beforePublishing: () => readerCache.invalidate(),
    }),
    presence: new PresenceService(db),
    search,
    exports: new ExportService(content, content.translations),
    readerCache,
  };
}
