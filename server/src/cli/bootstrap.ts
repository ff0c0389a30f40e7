import 'reflect-metadata';
import { ConfigError, Config, loadConfig, loadDotEnv } from '../config';
import { connectDatabase, Database } from '../db/connection';
import { ensureIndexes } from '../db/indexes';
import { createLogger, Logger } from '../logger';
import { createDomainServices, DomainServices } from '../app/domain-services';

export interface CliContext {
  config: Config;
  logger: Logger;
  database: Database;
  services: DomainServices;
  close(): Promise<void>;
}

/** Reads the configuration; a bad value ends the tool with exit code 2 and the variable's name. */
export function cliConfig(): Config {
  loadDotEnv();
  try {
    // Command-line tools print their own progress; the log carries only warnings unless LOG_LEVEL says otherwise.
    return loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** Connects a command-line tool to the same database the service uses. */
export async function openCli(
  config: Config = cliConfig(),
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<CliContext> {
  const logger = createLogger(config);
  const database = await connectDatabase(config, logger);
  // A read-only run (a dry run) creates nothing, not even the indexes of an empty database.
  if (!readOnly) await ensureIndexes(database.db);
  const services = createDomainServices(database, config, logger);
  return { config, logger, database, services, close: () => database.close() };
}

/** Runs a tool's main, turning a thrown error into a message and exit code 1. */
export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
