// An engine on a worker thread of this process (startEmbeddedEngine({ thread: true })): its queries,
// commits and snapshots run on an event loop, and so a CPU core, of their own. This side holds the lock
// on dbPath for the engine's whole life (a second engine in this process or another one is refused);
// the worker (threadWorker.ts) runs the engine and forwards its log lines and write state; close() asks
// it to stop cleanly (pending writes, snapshot). A thread that dies is reported through onCrash.
import { mkdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChangeHistoryLimits } from './changeStreams';
import type { EmbeddedEngine, EmbeddedEngineOptions, EngineLogger } from './index';
import { describeError, silentLogger } from './logger';
import { DirectoryLock, lockDirectory } from './storage/lock';
import type { WriteState } from './storage/store';

export interface EngineThreadConfig {
  dbPath: string;
  port: number;
  host: string;
  enableTestCommands: boolean;
  changeHistory: ChangeHistoryLimits | undefined;
}

export type EngineLogLevel = keyof EngineLogger;

/** Worker → parent. */
export type EngineThreadMessage =
  | { kind: 'log'; level: EngineLogLevel; message: string }
  | { kind: 'listening'; uri: string; port: number; writeState: WriteState }
  | { kind: 'startFailed'; message: string; code?: string }
  | { kind: 'writeState'; state: WriteState }
  | { kind: 'closed' }
  | { kind: 'closeFailed'; message: string };

/** Parent → worker. */
export interface EngineThreadCommand {
  kind: 'close';
}

function spawnEngineWorker(config: EngineThreadConfig): Worker {
  const entry = join(__dirname, `threadWorker${extname(__filename)}`);
  const options = { workerData: config, name: 'embedded-mongodb' };
  // From source (tests, benchmarks) the worker needs the TypeScript require hook its parent runs with.
  if (entry.endsWith('.ts')) {
    const hook = require.resolve('@swc-node/register');
    return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(entry)});`, {
      ...options,
      eval: true,
    });
  }
  return new Worker(entry, options);
}

function startError(message: string, code: string | undefined): Error {
  const error: Error & { code?: string } = new Error(message);
  if (code !== undefined) error.code = code;
  return error;
}

export function startOnThread(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
  return EngineThread.start(options);
}

class EngineThread implements EmbeddedEngine {
  readonly thread = true;
  uri = '';
  port = 0;
  private state: WriteState = { writable: true };
  private phase: 'starting' | 'running' | 'closing' | 'gone' = 'starting';
  private threadError: Error | undefined;
  private closeFailure: string | undefined;
  private closing: Promise<void> | undefined;
  private readonly exited: Promise<number>;

  private constructor(
    private readonly worker: Worker,
    private readonly lock: DirectoryLock,
    private readonly logger: EngineLogger,
    private readonly onCrash: ((error: Error) => void) | undefined,
    onStarted: (error?: Error) => void,
  ) {
    worker.on('message', (message: EngineThreadMessage) => {
      switch (message.kind) {
        case 'log':
          this.logger[message.level](message.message);
          return;
        case 'listening':
          this.uri = message.uri;
          this.port = message.port;
          this.state = message.writeState;
          this.phase = 'running';
          onStarted();
          return;
        case 'startFailed':
          onStarted(startError(message.message, message.code));
          return;
        case 'writeState':
          this.state = message.state;
          return;
        case 'closed':
          void this.worker.terminate();
          return;
        case 'closeFailed':
          this.closeFailure = message.message;
          void this.worker.terminate();
      }
    });
    worker.on('error', (error) => (this.threadError ??= error));
    this.exited = new Promise((resolveExit) => {
      worker.once('exit', (code) => {
        const phase = this.phase;
        this.phase = 'gone';
        this.lock.release();
        if (phase === 'starting') {
          onStarted(
            this.threadError ?? new Error(`the engine thread exited with code ${code} while starting`),
          );
        } else if (phase === 'running') {
          this.crashed(code);
        }
        resolveExit(code);
      });
    });
  }

  static async start(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
    const dbPath = resolve(options.dbPath);
    await mkdir(dbPath, { recursive: true });
    const lock = lockDirectory(dbPath);
    let worker: Worker;
    try {
      worker = spawnEngineWorker({
        dbPath,
        port: options.port ?? 0,
        host: options.host ?? '127.0.0.1',
        enableTestCommands: options.enableTestCommands === true,
        changeHistory: options.changeHistory,
      });
    } catch (error) {
      lock.release();
      throw error;
    }
    let started!: (error?: Error) => void;
    const ready = new Promise<void>((resolveStart, rejectStart) => {
      let settled = false;
      started = (error) => {
        if (settled) return;
        settled = true;
        if (error) rejectStart(error);
        else resolveStart();
      };
    });
    const engine = new EngineThread(worker, lock, options.logger ?? silentLogger, options.onCrash, started);
    try {
      await ready;
    } catch (error) {
      // The worker ends by itself after reporting; the lock is released once it has.
      await engine.exited;
      throw error;
    }
    return engine;
  }

  private crashed(code: number): void {
    const cause = this.threadError ? describeError(this.threadError) : `exit code ${code}`;
    const error = new Error(`the embedded MongoDB engine thread died (${cause})`, {
      cause: this.threadError,
    });
    this.logger.error(error.message);
    this.onCrash?.(error);
  }

  writeState(): WriteState {
    return this.phase === 'gone' && this.closing === undefined
      ? { writable: false, reason: 'the engine thread is gone', since: new Date() }
      : this.state;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.phase === 'gone') return;
      this.phase = 'closing';
      const command: EngineThreadCommand = { kind: 'close' };
      this.worker.postMessage(command);
      await this.exited;
      if (this.closeFailure !== undefined) {
        throw new Error(`the embedded MongoDB engine did not close cleanly: ${this.closeFailure}`);
      }
      if (this.threadError) throw this.threadError;
    })();
    return this.closing;
  }
}
