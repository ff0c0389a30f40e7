// Runs the engine on the calling thread's event loop: the core, its wire listener and its lifecycle.
import { resolve } from 'node:path';
import { EngineCore } from './core';
import { FailPoints } from './failPoints';
import type { EmbeddedEngine, EmbeddedEngineOptions } from './index';
import { silentLogger } from './logger';
import { WireServer } from './server';
import type { ArrivingFile } from './storage/files';
import type { DirectoryLock } from './storage/lock';
import type { WriteState } from './storage/store';

export interface InProcessHooks {
  /** The lock on dbPath is held by the caller (the thread that started this engine's worker). */
  directoryLock?: DirectoryLock;
  onWriteStateChange?: (state: WriteState) => void;
  /** The snapshot's bytes, already being read (see prefetchSnapshot). */
  prefetchedSnapshot?: Promise<ArrivingFile>;
}

/** The address clients should use: a wildcard bind is reached through the loopback interface. */
function advertisedHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startInProcess(
  options: EmbeddedEngineOptions,
  hooks: InProcessHooks = {},
): Promise<EmbeddedEngine> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const dbPath = resolve(options.dbPath);
  const core = await EngineCore.open(
    dbPath,
    logger,
    options.fileSystem,
    hooks.directoryLock,
    hooks.prefetchedSnapshot,
  );
  if (hooks.onWriteStateChange) core.store.onWriteStateChange = hooks.onWriteStateChange;
  if (options.enableTestCommands) core.failPoints = new FailPoints();
  if (options.changeHistory) core.changes.limit(options.changeHistory);
  const server = new WireServer(core);
  let port: number;
  try {
    port = await server.listen(host, options.port ?? 0);
  } catch (error) {
    await core.close();
    throw error;
  }
  core.host = host;
  core.port = port;
  core.address = `${advertisedHost(host)}:${port}`;
  core.warmUpIndexes();
  // directConnection: the driver talks to this one server whatever address it was reached by.
  const uri = `mongodb://${core.address}/?directConnection=true`;
  logger.info(`embedded MongoDB engine listening on ${core.address} (data in ${dbPath})`);
  let closing: Promise<void> | undefined;
  return {
    uri,
    port,
    thread: false,
    writeState: () => core.store.writeState,
    close() {
      closing ??= (async () => {
        await server.close();
        await core.close();
        logger.info('embedded MongoDB engine stopped');
      })();
      return closing;
    },
  };
}
