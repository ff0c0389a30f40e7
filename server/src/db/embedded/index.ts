// Public boundary of the embedded MongoDB-compatible engine. Everything else in this folder is private to it.
// (Placeholder signature: the implementation lands with the engine.)
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
}

export interface EmbeddedEngine {
  /** Connection string for the official driver, mongosh or Compass. */
  readonly uri: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startEmbeddedEngine(_options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  throw new Error('embedded engine not implemented yet');
}
