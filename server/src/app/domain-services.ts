import type { Config } from '../config';
import type { Database } from '../db/connection';
import type { Logger } from '../logger';
import { RevisionWriter } from '../revisions/revision.writer';
import { SpeakerService } from '../speakers/speaker.service';
import { AnswerService } from '../answers/answer.service';
import { InterviewService } from '../interviews/interview.service';
import { RevisionService } from '../revisions/revision.service';
import { TranscriptImportService } from '../transcripts/import.service';
import { TokenService } from '../auth/tokens';
import { UserService } from '../auth/user.service';
import { LoginThrottle } from '../auth/login-throttle';
import { ContentChangeService } from '../subscriptions/content-change.service';
import { PresenceService } from '../presence/presence.service';
import { SearchService } from '../search/search.service';

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
  /** Live content changes for subscribers (opens its change stream on the first subscription). */
  contentChanges: ContentChangeService;
  /** Who has which interview open, across instances. */
  presence: PresenceService;
  /** Ranked full-text search; its in-memory index is built by `start()` and follows the change stream. */
  search: SearchService;
}

export function createDomainServices(database: Database, config: Config, logger: Logger): DomainServices {
  const { client, db } = database;
  const revisionWriter = new RevisionWriter(db);
  const interviews = new InterviewService(client, db, revisionWriter);
  const speakers = new SpeakerService(client, db, revisionWriter);
  const answers = new AnswerService(client, db, revisionWriter, interviews);
  return {
    database,
    config,
    logger,
    revisionWriter,
    speakers,
    transcripts: new TranscriptImportService(client, db, speakers, interviews, revisionWriter),
    interviews,
    answers,
    revisions: new RevisionService(db),
    users: new UserService(
      client,
      db,
      revisionWriter,
      new TokenService(config.jwtSecret, config.tokenTtlSeconds),
      new LoginThrottle(db, config.loginThrottle),
    ),
    contentChanges: new ContentChangeService(db, logger),
    presence: new PresenceService(db),
    search: new SearchService(db, { interviews, answers, speakers }, logger),
  };
}
