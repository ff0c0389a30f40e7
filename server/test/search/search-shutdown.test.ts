import { Writable } from 'node:stream';
import type { CommandStartedEvent } from 'mongodb';
import pino from 'pino';
import { createDomainServices } from '../../src/app/domain-services';
import { loadConfig } from '../../src/config';
import { connectDatabase, Database } from '../../src/db/connection';
import { SearchService } from '../../src/search/search.service';
import { openTestDatabase, randomDbName, testServerUri } from '../../../test/support/db';

interface LogLine {
  level: number;
  msg: string;
  err?: { type?: string };
}

/** A pino logger at debug level whose lines are kept, parsed, for assertions. */
function capturedLogger() {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, destination), lines };
}

const ERROR_LEVEL = 50;
const DEBUG_LEVEL = 20;

/**
 * A search index built over a database holding a few speakers, read one document per query, with `onRead`
 * called as the build's first read of the speakers starts (so the build is certainly under way).
 */
async function searchBeingBuilt(dbName: string, onRead: (search: SearchService, database: Database) => void) {
  const config = loadConfig({ MONGODB_URI: testServerUri(), MONGODB_DB: dbName, LOG_LEVEL: 'silent' });
  const { logger, lines } = capturedLogger();
  const database = await connectDatabase(config, logger, { monitorCommands: true });
  const services = createDomainServices(database, config, logger);
  for (const name of ['Ann Lee', 'Bo Chen', 'Cy Diaz']) await services.speakers.create({ name }, null);
  const search = new SearchService(database.db, services, logger, { buildBatchSize: 1 });
  let seen = false;
  database.client.on('commandStarted', (event: CommandStartedEvent) => {
    if (seen || event.commandName !== 'find' || event.command.find !== 'speakers') return;
    seen = true;
    onRead(search, database);
  });
  return { search, database, lines, readStarted: () => seen };
}

describe('the search index when the service stops while it is being built', () => {
  const dbNames: string[] = [];
  const nextDbName = () => {
    const name = randomDbName('search_stop');
    dbNames.push(name);
    return name;
  };

  afterAll(async () => {
    const cleanup = await openTestDatabase();
    for (const name of dbNames)
      await cleanup.client
        .db(name)
        .dropDatabase()
        .catch(() => undefined);
    await cleanup.cleanup();
  });

  it('ends an interrupted build quietly when the service is stopping (no error logged)', async () => {
    let stopping: Promise<unknown> | null = null;
    const { search, lines, readStarted } = await searchBeingBuilt(nextDbName(), (service, database) => {
      // As the service stops: the search first, then the database, without waiting for the build.
      stopping = Promise.all([service.close(), database.close()]);
    });
    await expect(search.start()).resolves.toBeUndefined();
    await stopping;
    expect(readStarted()).toBe(true);
    expect(search.ready).toBe(false);
    expect(lines.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: DEBUG_LEVEL,
        msg: 'Search: index build stopped, the service is closing',
      }),
    );
  }, 30_000);

  it('still logs an error when the build fails while the service is running', async () => {
    const { search, database, lines, readStarted } = await searchBeingBuilt(
      nextDbName(),
      (_service, db) => void db.close(),
    );
    await expect(search.start()).rejects.toThrow();
    expect(readStarted()).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: ERROR_LEVEL, msg: 'Search: the index could not be built' }),
    );
    await search.close();
    await database.close();
  }, 30_000);
});
