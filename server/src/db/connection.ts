import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Db, MongoClient, MongoClientOptions } from 'mongodb';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { EmbeddedEngine, startEmbeddedEngine } from './embedded';

export type DatabaseKind = 'embedded' | 'mongodb';

export interface Database {
  kind: DatabaseKind;
  client: MongoClient;
  db: Db;
  /** The connection string in use (the embedded engine's, when it runs). */
  uri: string;
  /** True while the server answers a ping within the timeout. */
  isHealthy(timeoutMs?: number): Promise<boolean>;
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
      logger: {
        info: (msg) => engineLog.info(msg),
        warn: (msg) => engineLog.warn(msg),
        error: (msg) => engineLog.error(msg),
        debug: (msg) => engineLog.debug(msg),
      },
    });
    uri = engine.uri;
    await advertiseEngine(config.dataDir, uri);
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
    async isHealthy(timeoutMs = 2000) {
      try {
        await db.command({ ping: 1 }, { timeoutMS: timeoutMs });
        return true;
      } catch {
        return false;
      }
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
