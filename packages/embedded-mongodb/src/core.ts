// The engine's shared state: storage, sessions/transactions, cursors, the change log and housekeeping.
import { ObjectId } from 'bson';
import { ChangeLog } from './changeStreams';
import { CursorRegistry } from './cursors';
import { FailPoints } from './failPoints';
import { describeError, EngineLogger } from './logger';
import { ArrivingFile, StorageFileSystem } from './storage/files';
import type { DirectoryLock } from './storage/lock';
import { Store } from './storage/store';
import { TransactionManager } from './transactions';
import { expireDocuments } from './ttl';

const SWEEP_INTERVAL_MS = 30_000;
const TTL_INTERVAL_MS = 60_000;
/**
 * How long after it starts listening the engine begins building the indexes its load left unbuilt: a
 * restarting client's first commands (its own index checks and migrations) come first; an index a query
 * needs earlier is built for that query.
 */
const INDEX_WARM_UP_DELAY_MS = 2_000;

export class EngineCore {
  readonly txns: TransactionManager;
  readonly cursors = new CursorRegistry();
  readonly changes = new ChangeLog();
  readonly processId = new ObjectId();
  readonly startedAt = new Date();
  readonly connections = { current: 0, total: 0 };
  /** "host:port" as advertised in hello (hosts, me, primary). */
  address = '';
  host = '';
  port = 0;
  closing = false;
  /** The failCommand fail point; only when test commands are enabled (configureFailPoint is refused otherwise). */
  failPoints: FailPoints | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private closeListeners = new Set<() => void>();

  private constructor(
    readonly store: Store,
    readonly logger: EngineLogger,
    readonly dbPath: string,
  ) {
    this.txns = new TransactionManager(store, logger);
    store.onChanges = (records) => this.changes.append(records);
  }

  static async open(
    dbPath: string,
    logger: EngineLogger,
    fileSystem?: StorageFileSystem,
    directoryLock?: DirectoryLock,
    prefetchedSnapshot?: Promise<ArrivingFile>,
  ): Promise<EngineCore> {
    const store = await Store.open({ dbPath, logger, fileSystem, directoryLock, prefetchedSnapshot });
    const core = new EngineCore(store, logger, dbPath);
    core.every(SWEEP_INTERVAL_MS, () => {
      core.txns.sweep();
      const removed = core.cursors.sweep();
      if (removed > 0) logger.debug(`closed ${removed} idle cursors`);
    });
    core.every(TTL_INTERVAL_MS, async () => void (await expireDocuments(core)));
    return core;
  }

  /**
   * Builds the indexes the snapshot load left unbuilt, one per event-loop turn (commands are answered in
   * between), starting after `delayMs`; stops when the engine closes.
   */
  warmUpIndexes(delayMs = INDEX_WARM_UP_DELAY_MS): void {
    const pending = this.store.catalog
      .allCollections()
      .flatMap((coll) => coll.indexes.filter((index) => index.isDeferred).map((index) => ({ coll, index })));
    if (pending.length === 0) return;
    const buildNext = () => {
      const next = pending.shift();
      if (!next || this.closing) return;
      const { coll, index } = next;
      // Dropped since the list was made (the collection, or the index): nothing to build.
      if (this.store.catalog.get(coll.db, coll.name) !== coll || !coll.indexes.includes(index)) {
        buildNext();
        return;
      }
      try {
        index.ensureBuilt();
      } catch (error) {
        this.logger.error(`could not build index ${index.name}: ${describeError(error)}`);
      }
      // Not keeping the process alive: an engine left without close() (a crash test) must not hold it.
      setTimeout(buildNext, 0).unref();
    };
    const timer = setTimeout(buildNext, delayMs);
    timer.unref();
    this.timers.push(timer);
  }

  private every(ms: number, task: () => void | Promise<void>): void {
    const timer = setInterval(() => {
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => this.logger.error(`housekeeping failed: ${describeError(error)}`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** Called once when closing starts; used to end waits (awaitable hello, change stream getMore). */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Sleeps up to `ms`, waking early when the engine closes. */
  sleep(ms: number): Promise<void> {
    if (this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const off = this.onClose(done);
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const listener of [...this.closeListeners]) listener();
    this.closeListeners.clear();
    this.changes.wake();
    this.txns.endAllSessions();
    this.cursors.clear();
    await this.store.close();
  }
}
