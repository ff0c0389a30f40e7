import { randomBytes } from 'node:crypto';
import { Db, MongoClient, MongoClientOptions } from 'mongodb';

export interface TestDatabase {
  client: MongoClient;
  db: Db;
  uri: string;
  dbName: string;
  /** Drops the database and closes the client. */
  cleanup(): Promise<void>;
}

export function testServerUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: the jest global setup should have set it');
  return uri;
}

export function randomDbName(prefix = 'test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A fresh database with a random name on the run's server, dropped by cleanup(). */
export async function openTestDatabase(options: MongoClientOptions = {}): Promise<TestDatabase> {
  const uri = testServerUri();
  const client = await new MongoClient(uri, options).connect();
  const dbName = randomDbName();
  const db = client.db(dbName);
  return {
    client,
    db,
    uri,
    dbName,
    async cleanup() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
