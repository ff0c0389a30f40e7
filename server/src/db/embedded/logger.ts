// The logger the engine writes to (the public EngineLogger shape); silent unless one is given.

export interface EngineLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  debug(msg: string): void;
}

export const silentLogger: EngineLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
