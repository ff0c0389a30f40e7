// The logger the engine writes to (see EngineLogger in index.ts); silent unless one is given.
import type { EngineLogger } from './index';

export type { EngineLogger };

export const silentLogger: EngineLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
