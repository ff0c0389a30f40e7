// Where the snapshot lives, and reading it early: an engine thread starts the read before it loads the
// engine's modules, so this module imports nothing else of the engine's.
import { join } from 'node:path';
import { ArrivingFile, readArriving } from './files';

export const SNAPSHOT_FILE = 'snapshot.bson';

/**
 * Starts reading the snapshot of `dir` now, for readSnapshot to take later. A failure (no snapshot) is
 * reported when readSnapshot takes the bytes.
 */
export function prefetchSnapshot(dir: string): Promise<ArrivingFile> {
  const reading = readArriving(join(dir, SNAPSHOT_FILE));
  reading.catch(() => undefined);
  return reading;
}
