import type { Server } from 'node:http';
import type { Logger } from '../logger';

export type ShutdownStep = [name: string, run: () => Promise<unknown>];

export function closeHttpServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Runs the steps in order, once however often it is called. Each step is attempted even if an earlier one
 * fails, so the last (the database) is always closed; a failure is logged and reported at the end.
 */
export function createShutdown(logger: Logger, steps: ShutdownStep[]): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      logger.info('Shutting down: draining requests');
      let failed = false;
      for (const [name, step] of steps) {
        await step().catch((error: unknown) => {
          failed = true;
          logger.error({ err: error, step: name }, 'Shutdown step failed');
        });
      }
      if (failed) throw new Error('Shutdown did not complete cleanly (see the log)');
      logger.info('Shut down');
    })();
    return stopping;
  };
}
