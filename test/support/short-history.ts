import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedEngine } from '@transcripts/embedded-mongodb';
import { startTestService, type TestService } from './service';

export interface ShortHistoryService extends TestService {
  /** True when the database keeps only the short history (the embedded engine); false on MongoDB. */
  historyIsShort: boolean;
}

/**
 * A service on an embedded engine of its own that keeps only `maxChanges` changes for change streams, for open
 * streams that have not read them too, so that a burst of writes can outrun them. On MongoDB (TEST_DB_KIND=mongodb) the oplog cannot be shortened: the
 * service runs on it as usual and `historyIsShort` says so.
 */
export async function startServiceWithShortHistory(maxChanges: number): Promise<ShortHistoryService> {
  if (process.env.TEST_DB_KIND !== 'embedded') {
    return { ...(await startTestService()), historyIsShort: false };
  }
  const engineDir = mkdtempSync(join(tmpdir(), 'short-history-'));
  const engine = await startEmbeddedEngine({
    dbPath: engineDir,
    changeHistory: { maxChanges, maxUnreadChanges: maxChanges },
  });
  try {
    const app = await startTestService({ MONGODB_URI: engine.uri });
    return {
      ...app,
      historyIsShort: true,
      async stop() {
        try {
          await app.stop();
        } finally {
          await engine.close();
          rmSync(engineDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await engine.close();
    rmSync(engineDir, { recursive: true, force: true });
    throw error;
  }
}
