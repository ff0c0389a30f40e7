import type { MongoClientOptions } from 'mongodb';
import type { Config } from '../config';
import { connectDatabase, Database } from '../db/connection';
import { ensureIndexes } from '../db/indexes';
import type { Logger } from '../logger';
import { loadSeeds } from '../transcripts/seed';
import { createDomainServices, DomainServices } from './domain-services';

export interface PreparedDatabase {
  database: Database;
  services: DomainServices;
}

/**
 * The database as the service needs it: connected, indexed, with a first admin and, when it is empty and
 * SEED_ON_START allows, the seed interviews. Closed again if any of that fails.
 */
export async function prepareDatabase(
  config: Config,
  logger: Logger,
  clientOptions?: MongoClientOptions,
): Promise<PreparedDatabase> {
  const database = await connectDatabase(config, logger, clientOptions);
  try {
    await ensureIndexes(database.db);
    const services = createDomainServices(database, config, logger);
    await services.users.ensureFirstAdmin(config, logger);
    await services.interviews.migrateStored(logger);
    if (config.seedOnStart && (await services.interviews.isEmpty())) {
      await loadSeeds(services, config.seedsDir, { logger });
    }
    return { database, services };
  } catch (error) {
    await database.close();
    throw error;
  }
}
