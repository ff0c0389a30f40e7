import 'reflect-metadata';
import { ConfigError, loadConfig, loadDotEnv } from './config';
import { createLogger } from './logger';
import { startService } from './app/start-service';

/** Signals closer together than this are one signal delivered twice, not an operator insisting. */
const DUPLICATE_SIGNAL_WINDOW_MS = 1500;

async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  const service = await startService(config, logger);

  let firstSignalAt: number | undefined;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (firstSignalAt !== undefined) {
      // One Ctrl+C can arrive more than once: the terminal signals the whole process group and npm
      // forwards what it got to its script as well. Only a later signal means "stop waiting".
      if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_WINDOW_MS) {
        logger.debug({ signal }, 'Same signal again (delivered twice): already shutting down');
        return;
      }
      logger.warn({ signal }, 'Second signal: exiting now');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, 'Signal received');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
