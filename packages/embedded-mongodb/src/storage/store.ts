// The durable state: catalog in memory, journal + snapshot on disk, and WriteUnit, the only way to change
// the catalog. A unit's ops are applied immediately (so later statements see them) and journaled as one
// record when the unit commits; the commit promise resolves once that record is fsynced, and only then
// are its changes published to change streams.
//
// A unit the journal cannot write (disk full, I/O error) is undone in memory together with every unit
// queued after it, its commit fails with OutOfDiskSpace, and no snapshot taken meanwhile is installed.
// Writes are not switched off: each one retries the journal, so they resume as soon as the disk accepts
// them; a probe also retries on a timer so the reported state recovers without a write.
import { Binary, Long, Timestamp, UUID } from 'bson';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Doc, encodeDocument, isPlainObject, toNumber } from '../bson';
import { ClusterClock } from '../clock';
import { CommandError, ErrorCode } from '../errors';
import type { EngineLogger } from '../logger';
import { keyOf } from '../values';
import { Catalog, Undo } from './catalog';
import { CollectionState } from './collection';
import { ArrivingFile, describeWriteFailure, nodeFileSystem, StorageFileSystem, writeFully } from './files';
import { IndexState } from './indexes';
import { Journal } from './journal';
import { DirectoryLock, lockDirectory } from './lock';
import { encodeOp, Op, opFromDocument } from './ops';
import { recordOf } from './records';
import {
  discardSnapshotFile,
  installSnapshot,
  readSnapshot,
  SnapshotData,
  writeSnapshotFile,
} from './snapshot';

export type ChangeKind =
  | 'insert'
  | 'update'
  | 'replace'
  | 'delete'
  | 'drop'
  | 'rename'
  | 'dropDatabase'
  // DDL events, reported only to change streams opened with showExpandedEvents:
  | 'create'
  | 'createIndexes'
  | 'dropIndexes'
  | 'modify';

/** What a change stream needs to know about one applied op. */
export interface ChangeRecord {
  lsn: number;
  /** Position of the op within its unit. */
  index: number;
  clusterTime: Timestamp;
  wallTime: Date;
  kind: ChangeKind;
  db: string;
  coll?: string;
  uuid?: Binary;
  to?: { db: string; coll: string };
  documentId?: unknown;
  before?: Doc;
  after?: Doc;
  /** The collection had changeStreamPreAndPostImages enabled when the write was made. */
  imagesRecorded?: boolean;
  /** What a DDL change did (a change event's operationDescription). */
  description?: Doc;
  lsid?: Doc;
  txnNumber?: Long;
}

export interface StoreOptions {
  dbPath: string;
  logger: EngineLogger;
  /** Compact when the journal grows past this many bytes ... */
  compactJournalBytes?: number;
  /** ... or this many records. */
  compactJournalRecords?: number;
  /** The file calls of the journal and snapshots (tests inject faults here). */
  fileSystem?: StorageFileSystem;
  /** While writes fail: how often to check whether the disk accepts them again. */
  writeProbeIntervalMs?: number;
  /** A lock on dbPath its caller already holds (an engine thread's parent); by default the store takes one. */
  directoryLock?: DirectoryLock;
  /** The snapshot's bytes, already being read (see prefetchSnapshot); only with the default fileSystem. */
  prefetchedSnapshot?: Promise<ArrivingFile>;
}

/** Whether the engine can write now, and if not, why. */
export type WriteState = { writable: true } | { writable: false; reason: string; since: Date };

const PROBE_FILE = 'write-probe.tmp';
const COMPACTION_RETRY_MS = 30_000;

export interface TransactionInfo {
  lsid: Doc;
  txnNumber: Long;
}

export class Store {
  readonly catalog = new Catalog();
  readonly clock = new ClusterClock();
  /** Highest lsn handed out. */
  lsn = 0;
  /** The lsn when this process started: changes before it are not in the change stream history. */
  startupLsn = 0;
  /** Receives the changes of every committed unit, in order. */
  onChanges: (changes: ChangeRecord[]) => void = () => undefined;
  /** Whether old document versions must be kept (some transaction holds a snapshot). */
  keepHistory: () => boolean = () => false;
  /** Called after units from `lowestLsn` on were undone because the journal refused them. */
  onRolledBack: (lowestLsn: number) => void = () => undefined;
  /** Called when writes stop being storable or resume. */
  onWriteStateChange: (state: WriteState) => void = () => undefined;

  /**
   * A large transaction being applied in slices and journaled (see beginLarge): until it settles, reads
   * outside transactions see the state before it and writes wait for it.
   */
  pendingCommit: { lsn: number; settled: Promise<void> } | undefined;

  private journal!: Journal;
  private lock!: DirectoryLock;
  private openUnit: WriteUnit | undefined;
  private closed = false;
  private compacting: Promise<void> | undefined;
  private compactionRetryAt = 0;
  private readonly fs: StorageFileSystem;
  /** Units applied in memory whose journal record is not written yet, by lsn (ascending). */
  private readonly unsettled = new Map<number, Promise<void>>();
  /** Counts units undone after a journal failure (a snapshot captured before one must not be kept). */
  private rollbacks = 0;
  private lowestRolledBack = Infinity;
  private writeFailure: { reason: string; since: Date; recordBytes: number } | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;

  private constructor(private readonly options: StoreOptions) {
    this.fs = options.fileSystem ?? nodeFileSystem;
  }

  static async open(options: StoreOptions): Promise<Store> {
    const store = new Store(options);
    await mkdir(options.dbPath, { recursive: true });
    store.lock = options.directoryLock ?? lockDirectory(options.dbPath);
    try {
      await store.load();
    } catch (error) {
      store.lock.release();
      throw error;
    }
    return store;
  }

  private async load(): Promise<void> {
    const { dbPath, logger } = this.options;
    const started = Date.now();
    await this.fs.remove(join(dbPath, PROBE_FILE));
    const snapshot = await readSnapshot(dbPath, this.fs, this.options.prefetchedSnapshot);
    let documents = 0;
    if (snapshot) {
      this.lsn = snapshot.lsn;
      this.clock.advanceTo(snapshot.clusterTime);
      for (const coll of snapshot.collections) {
        this.catalog.apply({
          op: 'createCollection',
          db: coll.db,
          coll: coll.name,
          options: coll.options,
          uuid: coll.uuid,
        });
        const state = this.catalog.get(coll.db, coll.name) as CollectionState;
        state.docs.loadEncoded(coll.encoded);
        state.loadIndexes(
          coll.indexes.map((spec) => new IndexState(spec)),
          coll.indexOrders,
        );
        documents += coll.encoded.offsets.length;
      }
    }
    const { journal, contents } = await Journal.open(dbPath, this.fs);
    this.journal = journal;
    for (const { file, atByte, droppedBytes, reason } of contents.truncated) {
      logger.warn(
        `journal: dropped a damaged tail of ${droppedBytes} bytes at byte ${atByte} of ${file} (${reason})`,
      );
    }
    // A loaded index is built lazily, but one that journaled writes will touch is built now, outside the replay's
    // per-op error handling: a snapshot whose index does not hold (a unique key twice) stops the start, as it did
    // when every index was built at load, instead of each replayed write to the collection being skipped.
    const replayedCollections = new Set<string>();
    for (const record of contents.records) {
      const [meta, ...ops] = record;
      if ((toNumber(meta.lsn) ?? 0) <= (snapshot?.lsn ?? 0)) continue;
      for (const opDoc of ops) {
        if (typeof opDoc.db === 'string' && typeof opDoc.coll === 'string')
          replayedCollections.add(`${opDoc.db}.${opDoc.coll}`);
      }
    }
    for (const coll of snapshot?.collections ?? []) {
      if (!replayedCollections.has(`${coll.db}.${coll.name}`)) continue;
      (this.catalog.get(coll.db, coll.name) as CollectionState).buildDeferredIndexes();
    }
    let replayed = 0;
    for (const record of contents.records) {
      const [meta, ...ops] = record;
      const lsn = toNumber(meta.lsn) ?? 0;
      if (lsn <= (snapshot?.lsn ?? 0)) continue;
      for (const opDoc of ops) {
        try {
          this.catalog.apply(opFromDocument(opDoc));
        } catch (error) {
          logger.warn(
            `journal: skipped an op of record ${lsn}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      this.lsn = Math.max(this.lsn, lsn);
      if (meta.ts instanceof Timestamp) this.clock.advanceTo(meta.ts);
      replayed += 1;
    }
    this.startupLsn = this.lsn;
    this.journal.onFlushed = () => {
      if (this.writeFailure) this.writesResumed('a journal write succeeded');
      const due =
        this.journal.size > (this.options.compactJournalBytes ?? 64 * 1024 * 1024) ||
        this.journal.records > (this.options.compactJournalRecords ?? 50_000);
      if (due && !this.compacting && !this.closed && Date.now() >= this.compactionRetryAt) {
        void this.compact();
      }
    };
    this.journal.onFailed = (error, recordBytes) => this.writesFailed(error, recordBytes);
    logger.info(
      `loaded ${dbPath}: ${snapshot ? `snapshot with ${documents} documents` : 'no snapshot'}, ` +
        `${replayed} journal records replayed in ${Date.now() - started} ms`,
    );
  }

  begin(txn?: TransactionInfo): WriteUnit {
    if (this.closed) throw new CommandError(ErrorCode.InternalError, 'the engine is shutting down');
    if (this.openUnit) throw new CommandError(ErrorCode.InternalError, 'bug: nested write units');
    if (this.pendingCommit) {
      throw new CommandError(ErrorCode.InternalError, 'bug: a write began while a large commit is pending');
    }
    this.lsn += 1;
    const unit = new WriteUnit(this, this.lsn, this.clock.tick(), txn);
    this.openUnit = unit;
    return unit;
  }

  /**
   * Begins a unit that may stay open across event-loop turns (a large transaction's commit, applied in
   * slices). Its writes keep old versions, so reads at `readLsn` see none of them, until `settled` (the
   * caller's promise that the unit is durable or undone) resolves.
   */
  beginLarge(txn: TransactionInfo, settled: (unit: WriteUnit) => Promise<void>): Promise<void> {
    const unit = this.begin(txn);
    const pending = { lsn: unit.lsn, settled: Promise.resolve() };
    this.pendingCommit = pending;
    pending.settled = settled(unit).finally(() => {
      if (this.pendingCommit === pending) this.pendingCommit = undefined;
      this.onPendingCommitEnded();
    });
    return pending.settled;
  }

  /** Called once a large commit settled (its versions may now be forgotten). */
  onPendingCommitEnded: () => void = () => undefined;

  /** The lsn reads outside transactions see, when not the latest (a large commit is pending). */
  get readLsn(): number | undefined {
    return this.pendingCommit ? this.pendingCommit.lsn - 1 : undefined;
  }

  /** Resolves when writes may begin again; undefined when they may now. */
  writesPaused(): Promise<void> | undefined {
    return this.pendingCommit?.settled.then(
      () => undefined,
      () => undefined,
    );
  }

  /** Called by WriteUnit. */
  finish(unit: WriteUnit, ops: Op[], changes: ChangeRecord[]): Promise<void> {
    if (this.openUnit === unit) this.openUnit = undefined;
    if (ops.length === 0) return Promise.resolve();
    const record = recordOf([
      encodeDocument({ lsn: Long.fromNumber(unit.lsn), ts: unit.clusterTime, wall: unit.wallTime }),
      ...ops.map(encodeOp),
    ]);
    const durable = this.journal.append(record, () => this.undo(unit));
    this.unsettled.set(unit.lsn, durable);
    return durable.then(
      () => {
        this.unsettled.delete(unit.lsn);
        if (changes.length > 0) this.onChanges(changes);
      },
      (error: unknown) => {
        this.unsettled.delete(unit.lsn);
        throw new CommandError(ErrorCode.OutOfDiskSpace, describeWriteFailure(error));
      },
    );
  }

  /** Called by the journal, newest unit first, for units it will not write. */
  private undo(unit: WriteUnit): void {
    unit.revert();
    this.rollbacks += 1;
    this.lowestRolledBack = Math.min(this.lowestRolledBack, unit.lsn);
  }

  /**
   * Everything up to this lsn is settled: journaled, or undone after the journal refused it. Readers
   * that must not miss or see unsettled units (change streams) stop here.
   */
  get visibleLsn(): number {
    for (const lsn of this.unsettled.keys()) return lsn - 1;
    return this.lsn;
  }

  /**
   * Resolves once every unit applied so far (or only those before lsn `before`) is journaled or undone;
   * undefined when none is pending.
   */
  settled(before = Infinity): Promise<void> | undefined {
    let last: Promise<void> | undefined;
    for (const [lsn, durable] of this.unsettled) if (lsn < before) last = durable;
    // The journal settles records in order, so the newest settling means all have.
    return last?.then(
      () => undefined,
      () => undefined,
    );
  }

  get writeState(): WriteState {
    const failure = this.writeFailure;
    return failure ? { writable: false, reason: failure.reason, since: failure.since } : { writable: true };
  }

  private writesFailed(error: unknown, recordBytes: number): void {
    const lowest = this.lowestRolledBack;
    this.lowestRolledBack = Infinity;
    if (lowest !== Infinity) this.onRolledBack(lowest);
    const reason = describeWriteFailure(error);
    if (!this.writeFailure) {
      this.options.logger.error(
        `journal write failed in ${this.options.dbPath}, the write was rolled back: ${reason} ` +
          `(${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const first = !this.writeFailure;
    this.writeFailure = { reason, since: this.writeFailure?.since ?? new Date(), recordBytes };
    if (first) this.onWriteStateChange(this.writeState);
    if (!this.probeTimer && !this.closed) {
      this.probeTimer = setInterval(() => void this.probe(), this.options.writeProbeIntervalMs ?? 1000);
      this.probeTimer.unref();
    }
  }

  private writesResumed(how: string): void {
    if (!this.writeFailure) return;
    this.options.logger.info(`writes resumed in ${this.options.dbPath}: ${how}`);
    this.writeFailure = undefined;
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    this.onWriteStateChange(this.writeState);
  }

  /** Checks, without a client write, whether a record like the refused one would now be stored. */
  private async probe(): Promise<void> {
    const failure = this.writeFailure;
    if (!failure || this.probing || this.closed) return;
    this.probing = true;
    const path = join(this.options.dbPath, PROBE_FILE);
    try {
      if (!(await this.journal.repair())) return;
      const file = await this.fs.open(path, 'w');
      try {
        await writeFully(file, Buffer.alloc(Math.min(Math.max(failure.recordBytes, 4096), 1024 * 1024)));
        await file.datasync();
      } finally {
        await file.close();
      }
      if (this.writeFailure === failure) this.writesResumed('a probe write succeeded');
    } catch {
      // Still failing: the next probe or write tries again.
    } finally {
      await this.fs.remove(path).catch(() => undefined);
      this.probing = false;
    }
  }

  abandon(unit: WriteUnit): void {
    if (this.openUnit === unit) this.openUnit = undefined;
  }

  historyLsn(lsn: number): number | undefined {
    return this.keepHistory() ? lsn : undefined;
  }

  /** Writes a snapshot and drops the journal generations it makes redundant. Never rejects. */
  compact(): Promise<void> {
    // A large commit half applied must not be captured; the next journal flush triggers compaction again.
    if (this.pendingCommit && !this.compacting) return Promise.resolve();
    this.compacting ??= this.compactNow().finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  private async compactNow(): Promise<void> {
    const { dbPath, logger } = this.options;
    const started = Date.now();
    // Same tick: everything journaled before the rotation is in the captured state.
    const data = this.capture();
    const generation = this.journal.rotate();
    const rollbacks = this.rollbacks;
    try {
      const bytes = await writeSnapshotFile(dbPath, data, this.fs);
      // The captured state includes units still being journaled: keep it only if none was refused.
      await this.journal.drainBefore(generation);
      if (this.rollbacks !== rollbacks) {
        await discardSnapshotFile(dbPath, this.fs);
        logger.warn('snapshot discarded: a write it contained was refused by the journal and undone');
        return;
      }
      await installSnapshot(dbPath, this.fs);
      await this.journal.removeBefore(generation);
      logger.debug(`snapshot at lsn ${data.lsn}: ${bytes} bytes in ${Date.now() - started} ms`);
    } catch (error) {
      this.compactionRetryAt = Date.now() + COMPACTION_RETRY_MS;
      logger.error(
        `snapshot failed (the journal is kept): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** A consistent copy of the state: documents are immutable, so references are enough. */
  private capture(): SnapshotData {
    return {
      lsn: this.lsn,
      clusterTime: this.clock.current(),
      collections: this.catalog.allCollections().map((coll) => ({
        db: coll.db,
        name: coll.name,
        uuid: coll.uuid,
        options: coll.options,
        indexes: coll.indexes.map((index) => index.spec),
        docs: coll.docs.capture(),
        indexOrders: coll.captureIndexOrders(),
      })),
    };
  }

  /** Resolves once everything committed so far is on disk. */
  flush(): Promise<void> {
    return this.journal.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    try {
      await this.pendingCommit?.settled.catch(() => undefined);
      await this.compacting;
      await this.compactNow();
      await this.journal.close();
    } finally {
      this.lock.release();
    }
  }
}

/** A group of ops journaled as one record. See the file comment. */
export class WriteUnit {
  readonly wallTime = new Date();
  private readonly ops: Op[] = [];
  private readonly undos: Undo[] = [];
  private readonly changes: ChangeRecord[] = [];
  private done = false;

  constructor(
    private readonly store: Store,
    readonly lsn: number,
    readonly clusterTime: Timestamp,
    private readonly txn: TransactionInfo | undefined,
  ) {}

  get isEmpty(): boolean {
    return this.ops.length === 0;
  }

  private apply(op: Op): void {
    if (this.done) throw new CommandError(ErrorCode.InternalError, 'bug: write unit already finished');
    this.undos.push(this.store.catalog.apply(op, this.store.historyLsn(this.lsn)));
    this.ops.push(op);
  }

  private change(change: Omit<ChangeRecord, 'lsn' | 'index' | 'clusterTime' | 'wallTime'>): void {
    const images =
      change.coll === undefined
        ? undefined
        : this.store.catalog.get(change.db, change.coll)?.options.changeStreamPreAndPostImages;
    this.changes.push({
      ...(isPlainObject(images) && images.enabled === true ? { imagesRecorded: true } : {}),
      lsn: this.lsn,
      index: this.changes.length,
      clusterTime: this.clusterTime,
      wallTime: this.wallTime,
      ...(this.txn ? { lsid: this.txn.lsid, txnNumber: this.txn.txnNumber } : {}),
      ...change,
    });
  }

  createCollection(db: string, coll: string, options: Doc = {}): CollectionState {
    const uuid = new UUID();
    this.apply({ op: 'createCollection', db, coll, options, uuid });
    const description = { ...options, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } };
    this.change({ kind: 'create', db, coll, uuid, description });
    return this.store.catalog.get(db, coll) as CollectionState;
  }

  /** The collection, created (implicitly, like MongoDB) when missing. */
  collection(db: string, coll: string): CollectionState {
    return this.store.catalog.get(db, coll) ?? this.createCollection(db, coll);
  }

  dropCollection(db: string, coll: string): void {
    const state = this.store.catalog.get(db, coll);
    if (!state) return;
    this.apply({ op: 'dropCollection', db, coll });
    this.change({ kind: 'drop', db, coll, uuid: state.uuid });
  }

  dropDatabase(db: string): void {
    const colls = this.store.catalog.collections(db);
    for (const coll of colls) this.dropCollection(db, coll.name);
    this.change({ kind: 'dropDatabase', db });
  }

  renameCollection(db: string, coll: string, toDb: string, toColl: string): void {
    const state = this.store.catalog.get(db, coll);
    this.apply({ op: 'renameCollection', db, coll, toDb, toColl });
    this.change({ kind: 'rename', db, coll, to: { db: toDb, coll: toColl }, uuid: state?.uuid });
  }

  /** `description`: what the collMod changed, reported as one modify event. */
  setOptions(db: string, coll: string, options: Doc, description?: Doc): void {
    const state = this.store.catalog.get(db, coll);
    const before = state ? { ...state.options } : undefined;
    this.apply({ op: 'setOptions', db, coll, options });
    if (description) {
      this.change({ kind: 'modify', db, coll, uuid: state?.uuid, description, before });
    }
  }

  /** `reported: false` for an index rebuilt by collMod (its modify event reports it). */
  createIndex(db: string, coll: string, spec: Doc, reported = true): void {
    const uuid = this.store.catalog.get(db, coll)?.uuid;
    this.apply({ op: 'createIndex', db, coll, spec });
    if (reported) this.change({ kind: 'createIndexes', db, coll, uuid, description: { indexes: [spec] } });
  }

  dropIndex(db: string, coll: string, name: string, reported = true): void {
    const state = this.store.catalog.get(db, coll);
    const spec = state?.indexSpecs().find((index) => index.name === name);
    this.apply({ op: 'dropIndex', db, coll, name });
    if (reported && spec) {
      this.change({ kind: 'dropIndexes', db, coll, uuid: state?.uuid, description: { indexes: [spec] } });
    }
  }

  insert(db: string, coll: string, doc: Doc): void {
    const state = this.collection(db, coll);
    this.apply({ op: 'insert', db, coll, doc });
    this.change({ kind: 'insert', db, coll, uuid: state.uuid, documentId: doc._id, after: doc });
  }

  /** Replaces the stored document with the same _id; `kind` says how the change stream reports it. */
  replace(db: string, coll: string, doc: Doc, kind: 'update' | 'replace'): Doc | undefined {
    const state = this.store.catalog.get(db, coll);
    const before = state?.docs.get(keyOf(doc._id));
    this.apply({ op: 'replace', db, coll, doc });
    this.change({ kind, db, coll, uuid: state?.uuid, documentId: doc._id, before, after: doc });
    return before;
  }

  delete(db: string, coll: string, id: unknown): Doc | undefined {
    const state = this.store.catalog.get(db, coll);
    const before = state?.docs.get(keyOf(id));
    if (!before) return undefined;
    this.apply({ op: 'delete', db, coll, id });
    this.change({ kind: 'delete', db, coll, uuid: state?.uuid, documentId: id, before });
    return before;
  }

  /** Journals the unit and publishes its changes; resolves when durable. */
  commit(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.done = true;
    return this.store.finish(this, this.ops, this.changes);
  }

  /** Undoes the ops of a finished unit the journal refused (see Store.undo). */
  revert(): void {
    for (let i = this.undos.length - 1; i >= 0; i--) this.undos[i]();
  }

  /** Undoes every op applied so far (nothing is journaled or published). */
  rollback(): void {
    if (this.done) return;
    this.done = true;
    for (let i = this.undos.length - 1; i >= 0; i--) this.undos[i]();
    this.store.abandon(this);
  }
}
