// Public boundary of the embedded MongoDB-compatible engine. Everything else in this folder is private to it.
import type { ChangeHistoryLimits } from './changeStreams';
import { startInProcess } from './inProcess';
import type { StorageFileSystem } from './storage/files';
import type { WriteState } from './storage/store';
import { startOnThread } from './thread';

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
  /**
   * Run the engine on a worker thread of this process, with an event loop (and CPU core) of its own,
   * instead of on the caller's. Default false. Not combinable with `fileSystem`.
   */
  thread?: boolean;
  /**
   * Thread mode: called once if the engine's thread dies unexpectedly (the engine is gone; every write it
   * acknowledged is on disk). Without it the death is only logged.
   */
  onCrash?: (error: Error) => void;
  /**
   * Accept MongoDB's test commands (its enableTestCommands server parameter): `configureFailPoint` with the
   * `failCommand` fail point, to make chosen commands fail, close their connection, stall or report a
   * write concern error. Default false (the command is then unknown). For tests only.
   */
  enableTestCommands?: boolean;
  /** How much change history change streams can read (default: 50,000 changes, 24 MiB). */
  changeHistory?: ChangeHistoryLimits;
  /** The file calls of the journal and snapshots; the default is node:fs (tests inject faults here). */
  fileSystem?: StorageFileSystem;
}

export type { StorageFile, StorageFileSystem } from './storage/files';
export type { WriteState } from './storage/store';

export interface EmbeddedEngine {
  /** Connection string for the official driver, mongosh or Compass. */
  readonly uri: string;
  readonly port: number;
  /** Whether the engine runs on a worker thread of its own. */
  readonly thread: boolean;
  /** Whether writes can be stored now (false while the disk is full), and why not. */
  writeState(): WriteState;
  /** Waits for pending writes, writes a snapshot and releases dbPath (and ends the engine's thread). */
  close(): Promise<void>;
}

export async function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  if (options.thread) {
    if (options.fileSystem) {
      throw new TypeError('startEmbeddedEngine: fileSystem cannot be passed to an engine thread');
    }
    return startOnThread(options);
  }
  return startInProcess(options);
}
