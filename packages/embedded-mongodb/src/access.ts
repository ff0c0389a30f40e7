// What a command sees and changes: the committed state (auto-commit) or a transaction's view of it.
import { Doc } from './bson';
import type { Matcher } from './query';
import { CommandError, ErrorCode, notImplemented, writeConflict } from './errors';
import { CollectionState } from './storage/collection';
import { duplicateKeyError, ID_INDEX_NAME, idIndexSpec, IndexState } from './storage/indexes';
import { Store, WriteUnit } from './storage/store';
import { Transaction, TransactionManager, TxnOp } from './transactions';
import { keyOf } from './values';

export interface CollectionView {
  readonly db: string;
  readonly name: string;
  readonly exists: boolean;
  /** The committed collection, when there is one. */
  readonly state: CollectionState | undefined;
  options(): Doc;
  indexSpecs(): Doc[];
  /** Visible documents in natural order. */
  docs(): Doc[];
  /**
   * The same, without copying (do not write while iterating). Given the scan's matcher, documents
   * certain not to match may be left out (each reported to `skipped`) without being decoded.
   */
  scan(matcher?: Matcher, skipped?: () => void): Iterable<Doc>;
  count(): number;
  get(id: unknown): Doc | undefined;
  /** The committed collection's indexes (what the query planner can use). */
  indexes(): IndexState[];
  /** The committed collection's `_id` index in order, for `_id` ranges and sorts (made on first call). */
  idIndex(): IndexState | undefined;
  /** The visible version of a document by id key (see values.keyOf). */
  fetch(id: string): Doc | undefined;
  /** Insertion sequence of a committed document (natural order), if it has one. */
  seqOf(id: string): number | undefined;
  /**
   * Inside a transaction: documents the committed indexes may not describe as this transaction sees them
   * (written by it, or changed since its snapshot), to be checked besides what an index scan finds.
   */
  readonly extraCandidates: Iterable<string> | undefined;
}

export interface DataAccess {
  readonly txn: Transaction | undefined;
  collection(db: string, coll: string): CollectionView;
  collectionNames(db: string): string[];
  databaseNames(): string[];
  createCollection(db: string, coll: string, options: Doc): void;
  createIndex(db: string, coll: string, spec: Doc): void;
  insert(db: string, coll: string, doc: Doc): void;
  replace(db: string, coll: string, doc: Doc, kind: 'update' | 'replace'): void;
  remove(db: string, coll: string, id: unknown): void;
  /** For writes outside transactions: a transaction holding one of these documents. */
  blocker(db: string, coll: string, ids: unknown[]): Transaction | undefined;
  /** Commits what was written so far; call before awaiting anything. */
  checkpoint(): void;
  /** Resolves once everything written through this object is durable. */
  finish(): Promise<void>;
}

class CommittedView implements CollectionView {
  constructor(
    readonly db: string,
    readonly name: string,
    readonly state: CollectionState | undefined,
  ) {}

  get exists(): boolean {
    return this.state !== undefined;
  }

  options(): Doc {
    return this.state?.options ?? {};
  }

  indexSpecs(): Doc[] {
    return this.state ? this.state.indexSpecs() : [];
  }

  docs(): Doc[] {
    return this.state ? [...this.state.docs.values()] : [];
  }

  scan(matcher?: Matcher, skipped?: () => void): Iterable<Doc> {
    if (!this.state) return [];
    return matcher ? this.state.docs.candidates(matcher, skipped) : this.state.docs.values();
  }

  count(): number {
    return this.state?.docs.size ?? 0;
  }

  get(id: unknown): Doc | undefined {
    return this.state?.docs.get(keyOf(id));
  }

  readonly extraCandidates = undefined;

  indexes(): IndexState[] {
    return this.state?.indexes ?? [];
  }

  idIndex(): IndexState | undefined {
    return this.state?.orderedIdIndex();
  }

  fetch(id: string): Doc | undefined {
    return this.state?.docs.get(id);
  }

  seqOf(id: string): number | undefined {
    return this.state?.seqOf(id);
  }
}

/**
 * Writes outside transactions. Each document write is its own write unit (journal record): a command
 * may await between statements, and units must never stay open across an await, or the journal order
 * could differ from the order changes were applied in. Group commit keeps this cheap.
 */
export class AutoCommitAccess implements DataAccess {
  readonly txn = undefined;
  private readonly durable: Promise<void>[] = [];

  constructor(
    private readonly store: Store,
    private readonly txns: TransactionManager,
  ) {}

  private write(change: (unit: WriteUnit) => void): void {
    const unit = this.store.begin();
    try {
      change(unit);
    } catch (error) {
      unit.rollback();
      throw error;
    }
    this.durable.push(unit.commit());
  }

  collection(db: string, coll: string): CollectionView {
    const state = this.store.catalog.get(db, coll);
    const readLsn = this.store.readLsn;
    if (readLsn !== undefined) return new TransactionView(db, coll, state, new SnapshotReadPoint(readLsn));
    return new CommittedView(db, coll, state);
  }

  collectionNames(db: string): string[] {
    return this.store.catalog.collections(db).map((c) => c.name);
  }

  databaseNames(): string[] {
    return this.store.catalog.databaseNames();
  }

  createCollection(db: string, coll: string, options: Doc): void {
    this.write((unit) => unit.createCollection(db, coll, options));
  }

  createIndex(db: string, coll: string, spec: Doc): void {
    this.write((unit) => unit.createIndex(db, coll, spec));
  }

  insert(db: string, coll: string, doc: Doc): void {
    this.write((unit) => unit.insert(db, coll, doc));
  }

  replace(db: string, coll: string, doc: Doc, kind: 'update' | 'replace'): void {
    this.write((unit) => unit.replace(db, coll, doc, kind));
  }

  remove(db: string, coll: string, id: unknown): void {
    this.write((unit) => unit.delete(db, coll, id));
  }

  blocker(db: string, coll: string, ids: unknown[]): Transaction | undefined {
    if (this.txns.activeCount === 0) return undefined;
    for (const id of ids) {
      const holder = this.txns.lockHolder(db, coll, keyOf(id));
      if (holder) return holder;
    }
    return undefined;
  }

  checkpoint(): void {
    // Every write is already committed (see the class comment).
  }

  async finish(): Promise<void> {
    await Promise.all(this.durable);
  }
}

/** What a read at an earlier lsn sees: a transaction's snapshot and its own writes, or a plain snapshot. */
interface ReadPoint {
  readonly snapshotLsn: number;
  readonly createdCollections: ReadonlyMap<string, Doc>;
  readonly createdIndexes: ReadonlyMap<string, Doc[]>;
  overlayFor(db: string, coll: string): ReadonlyMap<string, Doc | null> | undefined;
}

/** The committed state as of `snapshotLsn`, for reads while a large commit is pending. */
class SnapshotReadPoint implements ReadPoint {
  readonly createdCollections = new Map<string, Doc>();
  readonly createdIndexes = new Map<string, Doc[]>();
  constructor(readonly snapshotLsn: number) {}
  overlayFor(): undefined {
    return undefined;
  }
}

class TransactionView implements CollectionView {
  constructor(
    readonly db: string,
    readonly name: string,
    readonly state: CollectionState | undefined,
    private readonly txn: ReadPoint,
  ) {}

  get exists(): boolean {
    return this.state !== undefined || this.txn.createdCollections.has(`${this.db}.${this.name}`);
  }

  options(): Doc {
    return this.state?.options ?? this.txn.createdCollections.get(`${this.db}.${this.name}`) ?? {};
  }

  indexSpecs(): Doc[] {
    if (this.state) return this.state.indexSpecs();
    if (!this.exists) return [];
    return [idIndexSpec(), ...(this.txn.createdIndexes.get(`${this.db}.${this.name}`) ?? [])];
  }

  docs(): Doc[] {
    const overlay = this.txn.overlayFor(this.db, this.name);
    const out: Doc[] = [];
    const seen = new Set<string>();
    if (this.state) {
      for (const [id, doc] of this.state.entriesAt(this.txn.snapshotLsn)) {
        if (overlay?.has(id)) {
          seen.add(id);
          const mine = overlay.get(id);
          if (mine) out.push(mine);
        } else {
          out.push(doc);
        }
      }
    }
    if (overlay) for (const [id, doc] of overlay) if (doc && !seen.has(id)) out.push(doc);
    return out;
  }

  scan(): Iterable<Doc> {
    return this.docs();
  }

  count(): number {
    return this.docs().length;
  }

  get(id: unknown): Doc | undefined {
    return this.fetch(keyOf(id));
  }

  fetch(key: string): Doc | undefined {
    const overlay = this.txn.overlayFor(this.db, this.name);
    if (overlay?.has(key)) return overlay.get(key) ?? undefined;
    return this.state?.versionAt(key, this.txn.snapshotLsn);
  }

  indexes(): IndexState[] {
    return this.state?.indexes ?? [];
  }

  idIndex(): IndexState | undefined {
    return this.state?.orderedIdIndex();
  }

  seqOf(id: string): number | undefined {
    return this.state?.seqOf(id);
  }

  get extraCandidates(): Iterable<string> {
    const ids = new Set<string>(this.txn.overlayFor(this.db, this.name)?.keys() ?? []);
    for (const id of this.state?.idsChangedSince(this.txn.snapshotLsn) ?? []) ids.add(id);
    return ids;
  }
}

/** Reads and writes of one transaction (writes go to its overlay until commit). */
export class TransactionAccess implements DataAccess {
  constructor(
    private readonly store: Store,
    private readonly txns: TransactionManager,
    readonly txn: Transaction,
  ) {}

  collection(db: string, coll: string): TransactionView {
    return new TransactionView(db, coll, this.store.catalog.get(db, coll), this.txn);
  }

  collectionNames(db: string): string[] {
    const names = new Set(this.store.catalog.collections(db).map((c) => c.name));
    for (const ns of this.txn.createdCollections.keys())
      if (ns.startsWith(db + '.')) names.add(ns.slice(db.length + 1));
    return [...names];
  }

  databaseNames(): string[] {
    return this.store.catalog.databaseNames();
  }

  private ensureActive(): void {
    if (!this.txn.active) {
      throw (
        this.txn.abortReason ??
        new CommandError(ErrorCode.NoSuchTransaction, 'transaction is no longer active')
      );
    }
  }

  /**
   * An index on a collection this transaction created (MongoDB allows no other in a transaction), built at
   * the commit. Unique indexes are refused: the transaction's own writes are not checked against them.
   */
  createIndex(db: string, coll: string, spec: Doc): void {
    this.ensureActive();
    const view = this.collection(db, coll);
    if (view.state) {
      throw new CommandError(
        ErrorCode.OperationNotSupportedInTransaction,
        `Cannot create new indexes on existing collection ${db}.${coll} in a multi-document transaction.`,
      );
    }
    if (spec.unique === true) throw notImplemented('a unique index created inside a transaction');
    if (!view.exists) this.createCollection(db, coll, {});
    const ns = `${db}.${coll}`;
    this.txn.createdIndexes.set(ns, [...(this.txn.createdIndexes.get(ns) ?? []), spec]);
    this.txn.ops.push({ kind: 'createIndex', db, coll, spec });
  }

  createCollection(db: string, coll: string, options: Doc): void {
    this.ensureActive();
    const view = this.collection(db, coll);
    if (view.exists)
      throw new CommandError(ErrorCode.NamespaceExists, `Collection ${db}.${coll} already exists.`);
    this.txn.createdCollections.set(`${db}.${coll}`, options);
    this.txn.ops.push({ kind: 'create', db, coll, options });
  }

  private ensureCollection(view: TransactionView): void {
    if (!view.exists) this.createCollection(view.db, view.name, {});
  }

  /** Unique indexes, checked against what this transaction sees. */
  private checkUnique(view: TransactionView, doc: Doc, id: string): void {
    const state = view.state;
    if (!state) return;
    const overlay = this.txn.overlayFor(view.db, view.name);
    for (const index of state.indexes) {
      if (!index.unique) continue;
      for (const key of index.keysOf(doc)) {
        const owner = index.entries.get(key.key);
        if (owner !== undefined && owner !== id) {
          if (overlay?.has(owner)) {
            const mine = overlay.get(owner);
            if (mine && index.keysOf(mine).some((k) => k.key === key.key)) {
              throw index.duplicateError(state.ns, key.values);
            }
          } else if (state.changedSince(owner, this.txn.snapshotLsn)) {
            throw this.conflict();
          } else {
            throw index.duplicateError(state.ns, key.values);
          }
        }
        const holder = this.overlayKeys(view, index).get(key.key);
        if (holder !== undefined && holder !== id) throw index.duplicateError(state.ns, key.values);
      }
    }
  }

  /** The unique keys of the documents this transaction wrote to the collection, for one index. */
  private overlayKeys(view: TransactionView, index: IndexState): Map<string, string> {
    let keys = this.txn.overlayUniqueKeys.get(index);
    if (!keys) {
      keys = new Map();
      for (const [id, doc] of this.txn.overlayFor(view.db, view.name) ?? []) {
        if (doc) for (const key of index.keysOf(doc)) keys.set(key.key, id);
      }
      this.txn.overlayUniqueKeys.set(index, keys);
    }
    return keys;
  }

  /** Puts a write in the overlay, moving the document's unique keys from its previous version. */
  private record(view: TransactionView, id: string, doc: Doc | null, op: TxnOp): void {
    const previous = this.txn.overlayFor(view.db, view.name)?.get(id);
    for (const index of view.state?.indexes ?? []) {
      const keys = this.txn.overlayUniqueKeys.get(index);
      if (!keys) continue;
      if (previous) {
        for (const key of index.keysOf(previous)) if (keys.get(key.key) === id) keys.delete(key.key);
      }
      if (doc) for (const key of index.keysOf(doc)) keys.set(key.key, id);
    }
    this.txn.record(view.db, view.name, id, doc, op);
  }

  private conflict(): CommandError {
    const error = writeConflict();
    this.txns.abort(this.txn, error);
    return error;
  }

  insert(db: string, coll: string, doc: Doc): void {
    this.ensureActive();
    const view = this.collection(db, coll);
    const id = keyOf(doc._id);
    this.txns.lock(this.txn, db, coll, id, view.state);
    if (view.get(doc._id))
      throw duplicateKeyError(`${db}.${coll}`, ID_INDEX_NAME, { _id: 1 }, { _id: doc._id });
    this.checkUnique(view, doc, id);
    this.ensureCollection(view);
    this.record(view, id, doc, { kind: 'insert', db, coll, doc });
  }

  replace(db: string, coll: string, doc: Doc, kind: 'update' | 'replace'): void {
    this.ensureActive();
    const view = this.collection(db, coll);
    const id = keyOf(doc._id);
    this.txns.lock(this.txn, db, coll, id, view.state);
    this.checkUnique(view, doc, id);
    this.record(view, id, doc, { kind, db, coll, doc });
  }

  remove(db: string, coll: string, id: unknown): void {
    this.ensureActive();
    const view = this.collection(db, coll);
    const key = keyOf(id);
    this.txns.lock(this.txn, db, coll, key, view.state);
    this.record(view, key, null, { kind: 'delete', db, coll, id });
  }

  blocker(): Transaction | undefined {
    return undefined;
  }

  checkpoint(): void {
    // Nothing is written before commit.
  }

  async finish(): Promise<void> {
    // Nothing is written before commit.
  }
}
