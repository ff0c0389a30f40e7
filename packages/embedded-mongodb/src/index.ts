// Public boundary of the embedded MongoDB-compatible engine. Everything else in this folder is private to it.
import { resolve } from 'node:path';
import { EngineCore } from './core';
import { silentLogger } from './logger';
import type { StorageFileSystem } from './storage/files';
import type { WriteState } from './storage/store';
import { WireServer } from './server';

export interface EngineLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  debug(msg: string): void;
}

export interface EmbeddedEngineOptions {
  /** Directory for the journal and snapshots; created when missing. */
  dbPath: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  logger?: EngineLogger;
  /** The file calls of the journal and snapshots; the default is node:fs (tests inject faults here). */
  fileSystem?: StorageFileSystem;
}

export type { StorageFile, StorageFileSystem } from './storage/files';
export type { WriteState } from './storage/store';

export interface EmbeddedEngine {
  /** Connection string for the official driver, mongosh or Compass. */
  readonly uri: string;
  readonly port: number;
  /** Whether writes can be stored now (false while the disk is full), and why not. */
  writeState(): WriteState;
  close(): Promise<void>;
}

/** The address clients should use: a wildcard bind is reached through the loopback interface. */
function advertisedHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const core = await EngineCore.open(resolve(options.dbPath), logger, options.fileSystem);
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
  // directConnection: the driver talks to this one server whatever address it was reached by.
  const uri = `mongodb://${core.address}/?directConnection=true`;
  logger.info(`embedded MongoDB engine listening on ${core.address} (data in ${resolve(options.dbPath)})`);
  let closing: Promise<void> | undefined;
  return {
    uri,
    port,
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
