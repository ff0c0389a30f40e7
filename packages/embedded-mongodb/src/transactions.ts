// Sessions, multi-document transactions and retryable-write bookkeeping.
//
// A transaction reads the committed state as of its first statement (old versions are kept by the
// collections while any transaction is open) plus its own writes, which live in an overlay until commit.
// Each document a transaction writes is locked: another transaction writing it gets WriteConflict at once,
// a plain write waits for the transaction to end (see access.ts). Commit replays the transaction's ops
// into one WriteUnit, so it is applied and journaled atomically.
import { Binary, Long } from 'bson';
import { Doc, isPlainObject } from './bson';
import { CommandError, ErrorCode, TRANSIENT_TRANSACTION_ERROR, writeConflict } from './errors';
import type { EngineLogger } from './logger';
import { CollectionState } from './storage/collection';
import { encodeAhead } from './storage/ops';
import type { IndexState } from './storage/indexes';
import { Store, TransactionInfo, WriteUnit } from './storage/store';
import { binaryBytes, keyOf } from './values';

export const SESSION_TIMEOUT_MINUTES = 30;
export const TRANSACTION_LIFETIME_MS = 60_000;
/** A commit of at least this many ops is applied in slices, letting other connections in between. */
export const SLICED_COMMIT_OPS = 2_000;
/** How long one slice of a large commit may hold the event loop. */
const COMMIT_SLICE_MS = 8;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export type TxnOp =
  | { kind: 'create'; db: string; coll: string; options: Doc }
  | { kind: 'createIndex'; db: string; coll: string; spec: Doc }
  | { kind: 'insert'; db: string; coll: string; doc: Doc }
  | { kind: 'update' | 'replace'; db: string; coll: string; doc: Doc }
  | { kind: 'delete'; db: string; coll: string; id: unknown };

function nsKey(db: string, coll: string): string {
  return `${db}.${coll}`;
}

function lockKey(db: string, coll: string, id: string): string {
  return `${db}.${coll}\u0000${id}`;
}

export class Transaction {
  state: 'active' | 'committed' | 'aborted' = 'active';
  /** Why the transaction was aborted behind the client's back (reported on its next statement). */
  abortReason: CommandError | undefined;
  readonly startedAt = Date.now();
  /** Per namespace: id key -> the transaction's version of the document (null: deleted). */
  readonly overlay = new Map<string, Map<string, Doc | null>>();
  /**
   * Per unique index: key -> id of the overlay document holding it, kept in step with the overlay by
   * TransactionAccess, so checking uniqueness costs the same for the ten-thousandth write as for the first.
   */
  readonly overlayUniqueKeys = new Map<IndexState, Map<string, string>>();
  readonly createdCollections = new Map<string, Doc>();
  /** Indexes created in the transaction, on collections it created: namespace -> index specs. */
  readonly createdIndexes = new Map<string, Doc[]>();
  readonly ops: TxnOp[] = [];
  readonly locks = new Set<string>();
  private endWaiters: (() => void)[] = [];
  /** A commit that is in progress or done, so a retried commitTransaction can wait for it. */
  commitPromise: Promise<void> | undefined;
  /** Being applied in slices (see TransactionManager.commit): nothing may abort it now. */
  committing = false;

  constructor(
    readonly session: Session,
    readonly txnNumber: number,
    readonly snapshotLsn: number,
  ) {}

  get active(): boolean {
    return this.state === 'active';
  }

  /** Resolves when the transaction commits or aborts. */
  ended(): Promise<void> {
    if (!this.active) return Promise.resolve();
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  markEnded(state: 'committed' | 'aborted'): void {
    this.state = state;
    const waiters = this.endWaiters;
    this.endWaiters = [];
    for (const resolve of waiters) resolve();
  }

  overlayFor(db: string, coll: string): Map<string, Doc | null> | undefined {
    return this.overlay.get(nsKey(db, coll));
  }

  record(db: string, coll: string, id: string, doc: Doc | null, op: TxnOp): void {
    let docs = this.overlay.get(nsKey(db, coll));
    if (!docs) {
      docs = new Map();
      this.overlay.set(nsKey(db, coll), docs);
    }
    docs.set(id, doc);
    this.ops.push(op);
    if (op.kind === 'insert') encodeAhead({ op: 'insert', db, coll, doc: op.doc });
    else if (op.kind === 'update' || op.kind === 'replace')
      encodeAhead({ op: 'replace', db, coll, doc: op.doc });
  }
}

export class Session {
  lastUse = Date.now();
  highestTxnNumber = -1;
  txn: Transaction | undefined;
  /** Replies of retryable writes by txnNumber (only the most recent few are kept). */
  readonly retryReplies = new Map<number, Promise<Doc>>();

  constructor(
    readonly key: string,
    readonly lsid: Doc,
  ) {}

  rememberReply(txnNumber: number, reply: Promise<Doc>): void {
    this.retryReplies.set(txnNumber, reply);
    while (this.retryReplies.size > 8) {
      const oldest = this.retryReplies.keys().next().value as number;
      this.retryReplies.delete(oldest);
    }
  }
}

export function sessionKey(lsid: unknown): string | undefined {
  if (!isPlainObject(lsid)) return undefined;
  const id = lsid.id;
  if (id instanceof Binary) return binaryBytes(id).toString('hex');
  return undefined;
}

export class TransactionManager {
  private readonly sessions = new Map<string, Session>();

  /** The sessions this server has in its cache ($listLocalSessions). */
  localSessions(): Session[] {
    return [...this.sessions.values()];
  }
  private readonly active = new Set<Transaction>();
  private readonly locks = new Map<string, Transaction>();

  constructor(
    private readonly store: Store,
    private readonly logger: EngineLogger,
  ) {
    store.keepHistory = () => this.active.size > 0 || store.pendingCommit !== undefined;
    store.onPendingCommitEnded = () => store.catalog.pruneHistory(this.oldestSnapshot());
    // Their snapshots included writes the journal refused: what they read is gone.
    store.onRolledBack = (lowestLsn) => {
      for (const txn of [...this.active]) if (txn.snapshotLsn >= lowestLsn) this.abort(txn, writeConflict());
    };
  }

  session(lsid: unknown): Session | undefined {
    const key = sessionKey(lsid);
    if (!key) return undefined;
    let session = this.sessions.get(key);
    if (!session) {
      session = new Session(key, lsid as Doc);
      this.sessions.set(key, session);
    }
    session.lastUse = Date.now();
    return session;
  }

  endSession(lsid: unknown): void {
    const key = sessionKey(lsid);
    if (!key) return;
    const session = this.sessions.get(key);
    if (!session) return;
    if (session.txn?.active) this.abort(session.txn);
    this.sessions.delete(key);
  }

  endAllSessions(): void {
    for (const session of this.sessions.values()) if (session.txn?.active) this.abort(session.txn);
    this.sessions.clear();
  }

  /** Starts transaction `txnNumber` on the session (aborting an older one still open). */
  start(session: Session, txnNumber: number): Transaction {
    if (txnNumber < session.highestTxnNumber) {
      throw new CommandError(
        ErrorCode.TransactionTooOld,
        `Cannot start transaction ${txnNumber} on session because a newer transaction ${session.highestTxnNumber} has already started`,
      );
    }
    if (txnNumber === session.highestTxnNumber && session.txn?.txnNumber === txnNumber) {
      throw new CommandError(
        ErrorCode.ConflictingOperationInProgress,
        `Transaction ${txnNumber} has already been started on this session`,
      );
    }
    if (session.txn?.active) this.abort(session.txn);
    session.highestTxnNumber = txnNumber;
    const txn = new Transaction(session, txnNumber, this.store.readLsn ?? this.store.lsn);
    session.txn = txn;
    this.active.add(txn);
    return txn;
  }

  /** The open transaction a statement with this txnNumber belongs to, or the reason there is none. */
  continue(session: Session, txnNumber: number, command: string): Transaction {
    const txn = session.txn;
    if (!txn || txn.txnNumber !== txnNumber) {
      if (txnNumber < session.highestTxnNumber) {
        throw new CommandError(
          ErrorCode.TransactionTooOld,
          `txnNumber ${txnNumber} is less than last txnNumber ${session.highestTxnNumber} seen in session`,
        );
      }
      throw new CommandError(
        ErrorCode.NoSuchTransaction,
        `Given transaction number ${txnNumber} does not match any in-progress transactions.`,
        { errorLabels: [TRANSIENT_TRANSACTION_ERROR] },
      );
    }
    if (txn.state === 'aborted' && command !== 'abortTransaction') {
      // As on the server, whatever aborted it (a failed statement, a conflict, its lifetime): the
      // transaction is gone, and the next statement or commit is told so.
      const reason = txn.abortReason ? ` after ${txn.abortReason.codeName}` : '';
      throw new CommandError(
        ErrorCode.NoSuchTransaction,
        `Transaction ${txnNumber} has been aborted${reason}.`,
        { errorLabels: [TRANSIENT_TRANSACTION_ERROR] },
      );
    }
    if (txn.state === 'committed' && command !== 'commitTransaction') {
      throw new CommandError(ErrorCode.TransactionCommitted, `Transaction ${txnNumber} has been committed.`);
    }
    return txn;
  }

  /** A plain (non-transaction) statement on the session: it ends any open transaction. */
  noteRetryableWrite(session: Session, txnNumber: number): void {
    if (txnNumber < session.highestTxnNumber) {
      throw new CommandError(
        ErrorCode.TransactionTooOld,
        `txnNumber ${txnNumber} is less than last txnNumber ${session.highestTxnNumber} seen in session`,
      );
    }
    if (session.txn?.active && session.txn.txnNumber < txnNumber) this.abort(session.txn);
    session.highestTxnNumber = txnNumber;
  }

  abort(txn: Transaction, reason?: CommandError): void {
    if (!txn.active || txn.committing) return;
    txn.abortReason = reason;
    this.release(txn);
    txn.markEnded('aborted');
  }

  private release(txn: Transaction): void {
    for (const key of txn.locks) if (this.locks.get(key) === txn) this.locks.delete(key);
    txn.locks.clear();
    this.active.delete(txn);
    this.store.catalog.pruneHistory(this.oldestSnapshot());
  }

  /** The oldest lsn a reader may still read at (undefined: only the latest). */
  private oldestSnapshot(): number | undefined {
    let oldest = this.store.readLsn;
    for (const txn of this.active)
      if (oldest === undefined || txn.snapshotLsn < oldest) oldest = txn.snapshotLsn;
    return oldest;
  }

  // --- locks -------------------------------------------------------------------------------------------

  /** The transaction (other than `self`) holding a document, if any. */
  lockHolder(db: string, coll: string, id: string, self?: Transaction): Transaction | undefined {
    const holder = this.locks.get(lockKey(db, coll, id));
    return holder && holder !== self && holder.active ? holder : undefined;
  }

  /** Locks a document for `txn`, or fails with WriteConflict (aborting `txn`, as MongoDB does). */
  lock(txn: Transaction, db: string, coll: string, id: string, state: CollectionState | undefined): void {
    const key = lockKey(db, coll, id);
    const holder = this.locks.get(key);
    const conflict =
      (holder !== undefined && holder !== txn && holder.active) ||
      (state?.changedSince(id, txn.snapshotLsn) ?? false);
    if (conflict) {
      const error = writeConflict();
      this.abort(txn, error);
      throw error;
    }
    this.locks.set(key, txn);
    txn.locks.add(key);
  }

  /**
   * Waits until `holder` ends; when that takes longer than `timeoutMs` the transaction is aborted
   * (its next statement or commit fails with a TransientTransactionError) so the waiting write proceeds.
   */
  async waitFor(holder: Transaction, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const done = await Promise.race([holder.ended().then(() => false), timedOut]);
    clearTimeout(timer);
    if (done) {
      this.logger.debug(
        `aborting transaction ${holder.txnNumber}: a write waited ${timeoutMs} ms for its lock`,
      );
      this.abort(holder, writeConflict());
    }
  }

  // --- commit ------------------------------------------------------------------------------------------

  /** Applies the transaction atomically; resolves when durable. */
  commit(txn: Transaction): Promise<void> {
    if (txn.commitPromise) return txn.commitPromise;
    if (txn.ops.length >= SLICED_COMMIT_OPS) {
      txn.commitPromise = this.commitInSlices(txn);
      return txn.commitPromise;
    }
    const unit = this.store.begin(this.transactionInfo(txn));
    try {
      for (const op of txn.ops) this.applyOp(unit, op);
    } catch (error) {
      throw this.failCommit(txn, unit, error);
    }
    const durable = unit.commit();
    this.release(txn);
    txn.markEnded('committed');
    txn.commitPromise = durable;
    return durable;
  }

  /**
   * A large commit, applied a slice at a time so other connections are answered in between. Atomic all
   * the same: until its unit settles, reads outside transactions and transactions starting meanwhile read
   * as of the lsn before it (old versions are kept, see Store.beginLarge), and writes wait for it.
   */
  private commitInSlices(txn: Transaction): Promise<void> {
    txn.committing = true;
    return this.store.beginLarge(this.transactionInfo(txn), async (unit) => {
      try {
        let sliceStart = performance.now();
        for (let i = 0; i < txn.ops.length; i++) {
          this.applyOp(unit, txn.ops[i]);
          if ((i & 127) === 127 && performance.now() - sliceStart > COMMIT_SLICE_MS) {
            await nextTurn();
            sliceStart = performance.now();
          }
        }
      } catch (error) {
        txn.committing = false;
        throw this.failCommit(txn, unit, error);
      }
      try {
        await unit.commit();
      } finally {
        txn.committing = false;
        this.release(txn);
        txn.markEnded('committed');
      }
    });
  }

  private transactionInfo(txn: Transaction): TransactionInfo {
    return { lsid: txn.session.lsid, txnNumber: Long.fromNumber(txn.txnNumber) };
  }

  private applyOp(unit: WriteUnit, op: TxnOp): void {
    switch (op.kind) {
      case 'create':
        if (!this.store.catalog.get(op.db, op.coll)) unit.createCollection(op.db, op.coll, op.options);
        break;
      case 'createIndex':
        unit.createIndex(op.db, op.coll, op.spec);
        break;
      case 'insert':
        unit.insert(op.db, op.coll, op.doc);
        break;
      case 'update':
      case 'replace': {
        const current = this.store.catalog.get(op.db, op.coll)?.docs.get(keyOf(op.doc._id));
        if (!current) throw writeConflict();
        unit.replace(op.db, op.coll, op.doc, op.kind);
        break;
      }
      case 'delete':
        unit.delete(op.db, op.coll, op.id);
        break;
    }
  }

  /** Undoes a commit that failed half-way and aborts the transaction; returns the error to throw. */
  private failCommit(txn: Transaction, unit: WriteUnit, error: unknown): CommandError {
    unit.rollback();
    const reason = error instanceof CommandError ? error : writeConflict();
    this.abort(txn, reason);
    return reason;
  }

  // --- housekeeping ------------------------------------------------------------------------------------

  /** Aborts transactions past their lifetime and forgets idle sessions. */
  sweep(now = Date.now()): void {
    for (const txn of [...this.active]) {
      if (!txn.committing && now - txn.startedAt > TRANSACTION_LIFETIME_MS) {
        this.logger.debug(`aborting transaction ${txn.txnNumber}: exceeded its lifetime`);
        this.abort(
          txn,
          new CommandError(ErrorCode.NoSuchTransaction, `Transaction ${txn.txnNumber} has been aborted.`, {
            errorLabels: [TRANSIENT_TRANSACTION_ERROR],
          }),
        );
      }
    }
    for (const [key, session] of this.sessions) {
      if (now - session.lastUse > SESSION_TIMEOUT_MINUTES * 60_000) {
        if (session.txn?.active) this.abort(session.txn);
        this.sessions.delete(key);
      }
    }
  }

  get activeCount(): number {
    return this.active.size;
  }
}
