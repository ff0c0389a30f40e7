import { ChildProcess } from 'node:child_process';
import { Document, Long, MongoServerError, ObjectId } from 'mongodb';
import { captureOutput, exitOf, spawnTs } from '../../../test/support/process';

/** A document whose _id may be of the BSON types the tests use, not only ObjectId. */
export interface AnyDoc extends Document {
  _id?: string | number | ObjectId | Date | Document;
}

/**
 * Shared helpers for the driver-level conformance suite. Everything here talks to a server through the
 * official driver or runs the engine's CLI as a real process; nothing is mocked.
 */

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

export const CLI_ENTRY = 'server/src/db/embedded/cli.ts';

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
