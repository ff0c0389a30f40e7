import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The package's entry by path, from its source: jest's moduleNameMapper does not apply to a global setup.
import { startEmbeddedEngine } from '../../packages/embedded-mongodb/src';

/**
 * One database server for the whole run: the real MongoDB named by MONGODB_URI when set,
 * otherwise an embedded engine on a random port. Test files share it through MONGODB_URI
 * and each uses a database of its own (see ./db.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_DB_KIND = 'mongodb';
    return;
  }
  const dbPath = mkdtempSync(join(tmpdir(), 'transcripts-test-engine-'));
  // On its own thread, as the service runs it; TEST_ENGINE_IN_PROCESS=1 runs the suite against the
  // in-process mode instead.
  const engine = await startEmbeddedEngine({
    dbPath,
    port: 0,
    thread: process.env.TEST_ENGINE_IN_PROCESS !== '1',
  });
  (globalThis as { __testEngine?: { close(): Promise<void> } }).__testEngine = engine;
  process.env.MONGODB_URI = engine.uri;
  process.env.TEST_DB_KIND = 'embedded';
}
