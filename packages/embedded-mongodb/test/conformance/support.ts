import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db, Document, Long, MongoClient, MongoClientOptions, MongoServerError, ObjectId } from 'mongodb';
import { EmbeddedEngine, startEmbeddedEngine } from '../../src';

/** A document whose _id may be of the BSON types the tests use, not only ObjectId. */
export interface AnyDoc extends Document {
  _id?: string | number | ObjectId | Date | Document;
}

/**
 * Shared helpers for the driver-level conformance suite. Everything here talks to a server through the
 * official driver or runs the engine's CLI as a real process; nothing is mocked.
 */

export const PACKAGE_ROOT = join(__dirname, '../..');

export interface TestDatabase {
  client: MongoClient;
  db: Db;
  uri: string;
  dbName: string;
  /** Drops the database and closes the client. */
  cleanup(): Promise<void>;
}

/**
 * The server the suite runs against: the one MONGODB_URI names (a real MongoDB, or the engine the
 * repository's jest global setup starts), otherwise an engine of this test file's own, stopped when
 * its last database is cleaned up.
 */
let ownEngine: { engine: Promise<EmbeddedEngine>; dbPath: string; users: number } | undefined;

async function acquireServerUri(): Promise<string> {
  const uri = process.env.MONGODB_URI;
  if (uri) return uri;
  if (!ownEngine) {
    const dbPath = mkdtempSync(join(tmpdir(), 'embedded-mongodb-test-'));
    ownEngine = { engine: startEmbeddedEngine({ dbPath }), dbPath, users: 0 };
  }
  ownEngine.users++;
  return (await ownEngine.engine).uri;
}

async function releaseServer(): Promise<void> {
  if (process.env.MONGODB_URI || !ownEngine || --ownEngine.users > 0) return;
  const { engine, dbPath } = ownEngine;
  ownEngine = undefined;
  await (await engine).close();
  rmSync(dbPath, { recursive: true, force: true });
}

/** A fresh database with a random name, dropped by cleanup(). */
export async function openTestDatabase(options: MongoClientOptions = {}): Promise<TestDatabase> {
  const uri = await acquireServerUri();
  const client = await new MongoClient(uri, options).connect();
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  const db = client.db(dbName);
  return {
    client,
    db,
    uri,
    dbName,
    async cleanup() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await releaseServer();
    },
  };
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a TypeScript entry of this package (path relative to the package root) from source, as its own process. */
export function spawnTs(
  entry: string,
  args: string[],
  env: Record<string, string | undefined>,
): ChildProcess {
  const cleanEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env })) {
    if (value !== undefined) cleanEnv[key] = value;
  }
  return spawn(process.execPath, ['-r', '@swc-node/register', join(PACKAGE_ROOT, entry), ...args], {
    cwd: PACKAGE_ROOT,
    env: cleanEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Collects a child's output, for assertions and for failure messages. */
export function captureOutput(child: ChildProcess): { text(): string } {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { text: () => output };
}

/** Awaits `promise` and returns what it rejected with; fails the test when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected) {
    throw new Error(`expected the operation to be rejected, but it resolved with ${safeJson(outcome.value)}`);
  }
  return outcome.error;
}

/** Awaits a rejection and checks it is a MongoServerError with the given fields (code, codeName, ...). */
export async function expectServerError(
  promise: Promise<unknown>,
  expected: { code: number; codeName?: string } & Record<string, unknown>,
): Promise<MongoServerError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(MongoServerError);
  expect(error).toMatchObject(expected);
  return error as MongoServerError;
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}

/** Rejects with a message naming `what` when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A cursor id from a reply or a command, as a bigint whatever BSON type the driver handed back. */
export function cursorIdOf(value: unknown): bigint {
  if (Long.isLong(value)) return value.toBigInt();
  if (typeof value === 'number' || typeof value === 'bigint') return BigInt(value);
  throw new Error(`not a cursor id: ${safeJson(value)}`);
}

export const CLI_ENTRY = 'src/cli.ts';

export interface CliEngine {
  child: ChildProcess;
  /** The connection string the CLI printed as its first stdout line. */
  uri: string;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** stdout and stderr together, for failure messages. */
  output(): string;
}

/** Spawns the engine CLI and waits for the connection string on its first stdout line. */
export async function startCli(dbPath: string, port = 0, timeoutMs = 30000): Promise<CliEngine> {
  const child = spawnTs(CLI_ENTRY, ['--port', String(port), '--dbpath', dbPath], {});
  const combined = captureOutput(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const firstLine = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        child.stdout?.off('data', onData);
        resolve(stdout.slice(0, newline).trim());
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(
        new Error(`CLI exited (code ${code}, signal ${signal}) before printing a URI:\n${combined.text()}`),
      ),
    );
  });

  try {
    const uri = await withTimeout(
      firstLine,
      timeoutMs,
      `the CLI to print its URI (output so far: ${combined.text()})`,
    );
    return { child, uri, stdout: () => stdout, stderr: () => stderr, output: () => combined.text() };
  } catch (error) {
    child.kill('SIGKILL');
    await exitOf(child);
    throw error;
  }
}

/** Kills a child with SIGKILL (if it still runs) and waits until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exitOf(child);
}
