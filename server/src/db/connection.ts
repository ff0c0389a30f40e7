import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedEngine, startEmbeddedEngine } from '@transcripts/embedded-mongodb';
import { Db, MongoClient, MongoClientOptions } from 'mongodb';
import type { Config } from '../config';
import type { Logger } from '../logger';

export type DatabaseKind = 'embedded' | 'mongodb';

export type DatabaseHealth = { ok: true } | { ok: false; reason: string };

/** A health check answers within this, whatever the driver's own server selection timeout is. */
export const HEALTH_TIMEOUT_MS = 1500;

export interface Database {
  kind: DatabaseKind;
  client: MongoClient;
  db: Db;
  /** The connection string in use (the embedded engine's, when it runs). */
  uri: string;
  /**
   * Whether the database answers within the timeout and (embedded engine) can store writes; the reason
   * when not.
   */
  health(timeoutMs?: number): Promise<DatabaseHealth>;
  close(): Promise<void>;
}

/** Connects to MONGODB_URI, or starts the embedded engine under DATA_DIR and connects to it. */
export async function connectDatabase(
  config: Pick<Config, 'mongodbUri' | 'databaseName' | 'dataDir' | 'embeddedMongoPort'>,
  logger: Logger,
  clientOptions: MongoClientOptions = {},
): Promise<Database> {
  let engine: EmbeddedEngine | undefined;
  let uri = config.mongodbUri;
  const kind: DatabaseKind = uri ? 'mongodb' : 'embedded';
  const dbPath = join(config.dataDir, 'db');
  if (!uri) {
    // A service already running on this DATA_DIR owns the engine: share it instead of failing on its lock.
    uri = await runningEngineUri(config.dataDir);
    if (uri) logger.info({ uri }, 'Using the embedded engine of the service already running on DATA_DIR');
  }
  if (!uri) {
    const engineLog = logger.child({ component: 'embedded-mongo' });
    engine = await startEmbeddedEngine({
      dbPath,
      port: config.embeddedMongoPort,
      // Its own event loop: queries, commits and snapshots use the second core, not the GraphQL one.
      thread: true,
      // Every write it acknowledged is on disk; what is lost is the service's database, so stop clearly
      // (non-zero, for a supervisor to restart) rather than answer 503 to everything from now on.
      onCrash: (error) => {
        engineLog.fatal({ err: error }, 'The embedded MongoDB engine died: stopping the service');
        process.exit(1);
      },
      logger: {
        info: (msg) => engineLog.info(msg),
        warn: (msg) => engineLog.warn(msg),
        error: (msg) => engineLog.error(msg),
        debug: (msg) => engineLog.debug(msg),
      },
    });
    uri = engine.uri;
    await advertiseEngine(config.dataDir, uri).catch((error: unknown) =>
      logger.warn({ err: error }, 'Could not advertise the embedded engine to command-line tools'),
    );
    logger.warn(
      { uri, dataDir: config.dataDir },
      'Using the embedded MongoDB engine (development and tests only; set MONGODB_URI for production)',
    );
  }

  const client = new MongoClient(uri, {
    // A request waits this long for a lost database before it is answered SERVICE_UNAVAILABLE (503).
    serverSelectionTimeoutMS: 3_000,
    appName: 'transcripts',
    ...clientOptions,
  });
  try {
    await client.connect();
  } catch (error) {
    await engine?.close();
    throw error;
  }
  const db = client.db(config.databaseName);
  logger.info({ db: kind, database: config.databaseName, uri: redactUri(uri) }, 'Connected to MongoDB');

  return {
    kind,
    client,
    db,
    uri,
    health(timeoutMs = HEALTH_TIMEOUT_MS) {
      return checkHealth(client, kind, timeoutMs);
    },
    async close() {
      await client.close();
      if (engine) {
        await rm(join(config.dataDir, ENGINE_FILE), { force: true });
        await engine.close();
      }
    },
  };
}

/**
 * A ping (embedded engine: serverStatus, which also says whether it can write) bounded by a timer, so a
 * lost server is reported in `timeoutMs` rather than after the driver's server selection timeout.
 */
async function checkHealth(
  client: MongoClient,
  kind: DatabaseKind,
  timeoutMs: number,
): Promise<DatabaseHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const command = kind === 'embedded' ? { serverStatus: 1 } : { ping: 1 };
  const answer = client
    .db('admin')
    .command(command, { timeoutMS: timeoutMs })
    .then(
      (reply) => ({ reply }),
      () => 'unreachable' as const,
    );
  try {
    const outcome = await Promise.race([answer, timedOut]);
    if (outcome === 'timeout')
      return { ok: false, reason: `the database did not answer within ${timeoutMs} ms` };
    if (outcome === 'unreachable') return { ok: false, reason: 'the database cannot be reached' };
    const storage: unknown = outcome.reply.storageEngine;
    if (isRecord(storage) && storage.writable === false) {
      const failure = typeof storage.writeFailure === 'string' ? storage.writeFailure : 'unknown cause';
      return { ok: false, reason: `the database cannot store writes: ${failure}` };
    }
    return { ok: true };
  } finally {
    clearTimeout(timer);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const ENGINE_FILE = 'engine.json';

/** Lets command-line tools find the engine this process runs on DATA_DIR. */
async function advertiseEngine(dataDir: string, uri: string): Promise<void> {
  await writeFile(join(dataDir, ENGINE_FILE), JSON.stringify({ uri, pid: process.pid }) + '\n');
}

/** The URI of a live engine started by another process on this DATA_DIR, if there is one. */
async function runningEngineUri(dataDir: string): Promise<string | undefined> {
  let advertised: { uri?: unknown; pid?: unknown };
  try {
    advertised = JSON.parse(await readFile(join(dataDir, ENGINE_FILE), 'utf8')) as {
      uri?: unknown;
      pid?: unknown;
    };
  } catch {
    return undefined;
  }
  if (
    typeof advertised.uri !== 'string' ||
    typeof advertised.pid !== 'number' ||
    advertised.pid === process.pid
  ) {
    return undefined;
  }
  try {
    process.kill(advertised.pid, 0);
  } catch {
    return undefined;
  }
  const probe = new MongoClient(advertised.uri, { serverSelectionTimeoutMS: 1500 });
  try {
    await probe.connect();
    await probe.db('admin').command({ ping: 1 });
    return advertised.uri;
  } catch {
    return undefined;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

/** Hides the password of a connection string for logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
