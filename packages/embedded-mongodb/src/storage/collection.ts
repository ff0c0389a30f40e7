// One collection's documents (in natural order), its indexes, and the old versions open transactions
// may still need to read.
import { Binary } from 'bson';
import { Doc } from '../bson';
import { CommandError, ErrorCode } from '../errors';
import { keyOf } from '../values';
import { DocumentMap } from './documents';
import { duplicateKeyError, ID_INDEX_NAME, idIndexSpec, IndexKey, IndexSources, IndexState } from './indexes';

/** An index's order captured for a snapshot (see CollectionState.captureIndexOrders). */
export interface CapturedIndexOrder {
  name: string;
  /** Document positions in index order; undefined when they cannot be told (never expected). */
  positions(): Uint32Array | undefined;
}

function binarySearch(sorted: readonly number[], wanted: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = sorted[middle];
    if (value === wanted) return middle;
    if (value < wanted) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** "Before `lsn`, the document was `doc`" (null: it did not exist). */
interface HistoryEntry {
  lsn: number;
  doc: Doc | null;
}

export class CollectionState {
  db: string;
  name: string;
  readonly uuid: Binary;
  options: Doc;
  /** id key (see values.keyOf) -> document. Documents are never mutated in place. */
  readonly docs = new DocumentMap();
  /** Secondary indexes; the _id index is implicit in `docs` (and in `idIndex` once ordered). */
  readonly indexes: IndexState[] = [];
  /** The `_id` index in order, made by orderedIdIndex when a query first could use it. */
  private idIndex: IndexState | undefined;
  private readonly history = new Map<string, HistoryEntry[]>();
  /**
   * id key -> insertion sequence, the tie-breaker of index entries (equal keys in natural order). Assigned
   * while the collection has a built index (secondary or the ordered `_id` one); building one numbers
   * documents stored without.
   */
  private readonly seqs = new Map<string, number>();
  private nextSeq = 0;

  constructor(db: string, name: string, uuid: Binary, options: Doc) {
    this.db = db;
    this.name = name;
    this.uuid = uuid;
    this.options = options;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  indexSpecs(): Doc[] {
    return [idIndexSpec(), ...this.indexes.map((index) => index.spec)];
  }

  findIndex(name: string): IndexState | undefined {
    return this.indexes.find((index) => index.name === name);
  }

  /** Throws the duplicate key error a document would cause, without changing anything. */
  checkInsert(doc: Doc): void {
    this.buildDeferredIndexes();
    const id = keyOf(doc._id);
    if (this.docs.has(id)) throw this.idDuplicate(doc._id);
    this.uniqueAdditions(doc, id);
  }

  insert(doc: Doc, historyLsn?: number): void {
    this.buildDeferredIndexes();
    const id = keyOf(doc._id);
    if (this.docs.has(id)) throw this.idDuplicate(doc._id);
    const additions = this.uniqueAdditions(doc, id);
    if (historyLsn !== undefined) this.remember(id, null, historyLsn);
    this.docs.set(id, doc);
    for (const [index, key] of additions) index.entries.set(key.key, id);
    const idIndex = this.builtIdIndex();
    if (this.indexes.length > 0 || idIndex) {
      const seq = this.nextSeq++;
      this.seqs.set(id, seq);
      for (const index of this.indexes) index.addEntries(doc, id, seq);
      idIndex?.addEntries(doc, id, seq);
    }
  }

  /**
   * The `_id` index as an ordered index, for `_id` ranges and sorts (the document map answers equalities).
   * Made on first request and built when its entries are first read, then kept by every write; a
   * collection never queried that way pays nothing. It is the implicit `_id_` index, not one of
   * `indexes`: never listed, counted, dropped or stored.
   */
  orderedIdIndex(): IndexState {
    if (this.idIndex) return this.idIndex;
    const index = new IndexState(idIndexSpec(), 'id');
    index.defer(() => {
      this.numberDocuments();
      index.build(this.indexSources(this.docs.withFields(new Set(['_id']))), this.ns);
    }, undefined);
    this.idIndex = index;
    return index;
  }

  /** The ordered `_id` index when built (an unbuilt one reads the documents as they are when built). */
  private builtIdIndex(): IndexState | undefined {
    const index = this.idIndex;
    return index && !index.isDeferred ? index : undefined;
  }

  /** The insertion sequence of an indexed document (see `seqs`). */
  seqOf(id: string): number | undefined {
    return this.seqs.get(id);
  }

  /** Replaces the document with the same _id; returns the previous version. */
  replace(doc: Doc, historyLsn?: number): Doc {
    this.buildDeferredIndexes();
    const id = keyOf(doc._id);
    const previous = this.docs.get(id);
    if (!previous) throw new CommandError(ErrorCode.InternalError, `no document with _id ${id} to replace`);
    const additions = this.uniqueAdditions(doc, id);
    if (historyLsn !== undefined) this.remember(id, previous, historyLsn);
    this.dropKeys(previous, id);
    this.docs.set(id, doc);
    for (const [index, key] of additions) index.entries.set(key.key, id);
    // The ordered `_id` index keeps its entry: the same id key means the same `_id` value.
    const seq = this.seqs.get(id);
    if (seq !== undefined) for (const index of this.indexes) index.addEntries(doc, id, seq);
    return previous;
  }

  remove(id: string, historyLsn?: number): Doc | undefined {
    this.buildDeferredIndexes();
    const previous = this.docs.get(id);
    if (!previous) return undefined;
    if (historyLsn !== undefined) this.remember(id, previous, historyLsn);
    const seq = this.seqs.get(id);
    if (seq !== undefined) this.builtIdIndex()?.removeEntries(previous, seq);
    this.dropKeys(previous, id);
    this.seqs.delete(id);
    this.docs.delete(id);
    return previous;
  }

  /** Adds an index over the existing documents; fails (changing nothing) on duplicates. */
  addIndex(index: IndexState): void {
    this.addIndexes([index]);
  }

  /**
   * Adds indexes over the existing documents, reading the fields they need once for all of them (from
   * the BSON of documents not decoded yet); fails (adding none of them) on duplicates.
   */
  addIndexes(indexes: IndexState[], orders?: ReadonlyMap<string, Uint32Array>): void {
    if (indexes.length === 0) return;
    this.buildDeferredIndexes();
    this.numberDocuments();
    const fields = new Set<string>();
    for (const index of indexes) {
      if (!index.needsWholeDocument) for (const name of index.topLevelFields) fields.add(name);
    }
    const projected = fields.size > 0 ? this.indexSources(this.docs.withFields(fields)) : undefined;
    const built: IndexState[] = [];
    for (const index of indexes) {
      try {
        const sources =
          index.needsWholeDocument || !projected ? this.indexSources(this.docs.documents()) : projected;
        index.build(sources, this.ns, orders?.get(index.name));
      } catch (error) {
        for (const done of built) this.removeIndex(done.name);
        throw error;
      }
      this.indexes.push(index);
      built.push(index);
    }
  }

  /**
   * Takes a snapshot's indexes without building them: each is built when first used (a query planned on
   * it, a write to the collection) or by buildDeferredIndexes. Its entries then come from the documents
   * as they are at that time, in the order the snapshot recorded when no write came in between.
   */
  loadIndexes(indexes: IndexState[], orders: ReadonlyMap<string, Uint32Array>): void {
    for (const index of indexes) {
      const order = orders.get(index.name);
      index.defer(() => {
        this.numberDocuments();
        const docs = index.needsWholeDocument
          ? this.docs.documents()
          : this.docs.withFields(new Set(index.topLevelFields));
        index.build(this.indexSources(docs), this.ns, order);
      }, order);
      this.indexes.push(index);
    }
  }

  /** Builds the indexes a snapshot load left unbuilt (before a write: it must see every key). */
  buildDeferredIndexes(): void {
    for (const index of this.indexes) index.ensureBuilt();
  }

  /**
   * For a snapshot taken now: each ordered index's entries as positions of documents in natural order
   * (the order docs.capture() gives), computed later from a copy of the tree that later writes leave
   * alone. Multikey indexes (several entries per document) are left out: they are sorted at load.
   */
  captureIndexOrders(): CapturedIndexOrder[] {
    const orders: CapturedIndexOrder[] = [];
    // An index still deferred saw no write since the load: the documents and its order are as loaded.
    for (const index of this.indexes) {
      const order = index.deferredOrder;
      if (index.isDeferred && order) orders.push({ name: index.name, positions: () => order });
    }
    if (this.indexes.every((index) => index.isDeferred) || this.seqs.size !== this.docs.size) return orders;
    // seqs holds every document, in natural order (both maps gain and lose documents together).
    const seqsInOrder = [...this.seqs.values()];
    for (const index of this.indexes) {
      if (index.isDeferred) continue;
      const tree = index.tree;
      if (!tree || index.multikey) continue;
      const copy = tree.clone();
      orders.push({
        name: index.name,
        positions: () => {
          const positions = new Uint32Array(copy.size);
          let i = 0;
          for (const key of copy.keys()) {
            const position = binarySearch(seqsInOrder, key.seq);
            if (position < 0) return undefined;
            positions[i++] = position;
          }
          return positions;
        },
      });
    }
    return orders;
  }

  private indexSources(docs: { ids: string[]; docs: Doc[] }): IndexSources {
    const seqs = new Array<number>(docs.ids.length);
    for (let i = 0; i < docs.ids.length; i++) seqs[i] = this.seqs.get(docs.ids[i]) as number;
    return { ...docs, seqs };
  }

  /** Gives every document a sequence number in natural order, unless all have one already. */
  private numberDocuments(): void {
    if (this.seqs.size === this.docs.size) return;
    this.seqs.clear();
    this.nextSeq = 0;
    for (const id of this.docs.keys()) this.seqs.set(id, this.nextSeq++);
  }

  removeIndex(name: string): IndexState | undefined {
    const position = this.indexes.findIndex((index) => index.name === name);
    if (position < 0) return undefined;
    return this.indexes.splice(position, 1)[0];
  }

  private idDuplicate(id: unknown): CommandError {
    return duplicateKeyError(this.ns, ID_INDEX_NAME, { _id: 1 }, { _id: id });
  }

  private uniqueAdditions(doc: Doc, id: string): [IndexState, IndexKey][] {
    const additions: [IndexState, IndexKey][] = [];
    for (const index of this.indexes) {
      if (!index.unique) continue;
      for (const key of index.keysOf(doc)) {
        const owner = index.entries.get(key.key);
        if (owner !== undefined && owner !== id) throw index.duplicateError(this.ns, key.values);
        additions.push([index, key]);
      }
    }
    return additions;
  }

  private dropKeys(doc: Doc, id: string): void {
    const seq = this.seqs.get(id);
    for (const index of this.indexes) {
      if (seq !== undefined) index.removeEntries(doc, seq);
      if (!index.unique) continue;
      for (const key of index.keysOf(doc)) {
        if (index.entries.get(key.key) === id) index.entries.delete(key.key);
      }
    }
  }

  // --- versions for transaction snapshots -----------------------------------------------------------

  private remember(id: string, before: Doc | null, lsn: number): void {
    const entries = this.history.get(id);
    if (!entries) this.history.set(id, [{ lsn, doc: before }]);
    else if (entries[entries.length - 1].lsn !== lsn) entries.push({ lsn, doc: before });
  }

  /** The document as of snapshot `lsn` (all writes with a greater lsn undone). */
  versionAt(id: string, lsn: number): Doc | undefined {
    const entries = this.history.get(id);
    if (entries) {
      for (const entry of entries) if (entry.lsn > lsn) return entry.doc ?? undefined;
    }
    return this.docs.get(id);
  }

  /** Ids of the documents a write after snapshot `lsn` touched. */
  *idsChangedSince(lsn: number): Generator<string> {
    for (const [id, entries] of this.history) if (entries[entries.length - 1].lsn > lsn) yield id;
  }

  /** True when a write after snapshot `lsn` touched the document. */
  changedSince(id: string, lsn: number): boolean {
    const entries = this.history.get(id);
    return entries !== undefined && entries[entries.length - 1].lsn > lsn;
  }

  *entriesAt(lsn: number): Generator<[string, Doc]> {
    if (this.history.size === 0) {
      yield* this.docs;
      return;
    }
    for (const id of this.docs.keys()) {
      const doc = this.versionAt(id, lsn);
      if (doc) yield [id, doc];
    }
    for (const id of this.history.keys()) {
      if (this.docs.has(id)) continue;
      const doc = this.versionAt(id, lsn);
      if (doc) yield [id, doc];
    }
  }

  /** Forgets versions no snapshot at or after `oldestSnapshot` can see (all of them when undefined). */
  pruneHistory(oldestSnapshot: number | undefined): void {
    if (oldestSnapshot === undefined) {
      this.history.clear();
      return;
    }
    for (const [id, entries] of this.history) {
      const kept = entries.filter((entry) => entry.lsn > oldestSnapshot);
      if (kept.length === 0) this.history.delete(id);
      else if (kept.length !== entries.length) this.history.set(id, kept);
    }
  }
}
