// Databases and their collections, and the one place ops are applied to them.
import { CommandError, ErrorCode, namespaceNotFound } from '../errors';
import { keyOf } from '../values';
import { CollectionState } from './collection';
import { IndexState } from './indexes';
import { Op } from './ops';

/** Reverts an applied op (used when a transaction fails half-way through its commit). */
export type Undo = () => void;

export class Catalog {
  private readonly dbs = new Map<string, Map<string, CollectionState>>();

  get(db: string, coll: string): CollectionState | undefined {
    return this.dbs.get(db)?.get(coll);
  }

  /** Databases that hold at least one collection. */
  databaseNames(): string[] {
    return [...this.dbs.entries()].filter(([, colls]) => colls.size > 0).map(([name]) => name);
  }

  collections(db: string): CollectionState[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  allCollections(): CollectionState[] {
    return [...this.dbs.values()].flatMap((colls) => [...colls.values()]);
  }

  /** Forgets old document versions in every collection (see CollectionState.pruneHistory). */
  pruneHistory(oldestSnapshot: number | undefined): void {
    for (const coll of this.allCollections()) coll.pruneHistory(oldestSnapshot);
  }

  private attach(coll: CollectionState): void {
    let colls = this.dbs.get(coll.db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(coll.db, colls);
    }
    colls.set(coll.name, coll);
  }

  private detach(db: string, name: string): CollectionState | undefined {
    const colls = this.dbs.get(db);
    const coll = colls?.get(name);
    if (!colls || !coll) return undefined;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    return coll;
  }

  private require(db: string, name: string): CollectionState {
    const coll = this.get(db, name);
    if (!coll) throw namespaceNotFound(`${db}.${name}`);
    return coll;
  }

  /** Applies one op; throws (changing nothing) when it cannot be applied. */
  apply(op: Op, historyLsn?: number): Undo {
    switch (op.op) {
      case 'createCollection': {
        if (this.get(op.db, op.coll)) {
          throw new CommandError(ErrorCode.NamespaceExists, `Collection ${op.db}.${op.coll} already exists.`);
        }
        const coll = new CollectionState(op.db, op.coll, op.uuid, op.options);
        this.attach(coll);
        return () => void this.detach(op.db, op.coll);
      }
      case 'dropCollection': {
        const coll = this.detach(op.db, op.coll);
        return () => {
          if (coll) this.attach(coll);
        };
      }
      case 'setOptions': {
        const coll = this.require(op.db, op.coll);
        const previous = coll.options;
        coll.options = op.options;
        return () => {
          coll.options = previous;
        };
      }
      case 'renameCollection': {
        const coll = this.require(op.db, op.coll);
        if (this.get(op.toDb, op.toColl)) {
          throw new CommandError(
            ErrorCode.NamespaceExists,
            `target namespace exists: ${op.toDb}.${op.toColl}`,
          );
        }
        this.detach(op.db, op.coll);
        coll.db = op.toDb;
        coll.name = op.toColl;
        this.attach(coll);
        return () => {
          this.detach(op.toDb, op.toColl);
          coll.db = op.db;
          coll.name = op.coll;
          this.attach(coll);
        };
      }
      case 'createIndex': {
        const coll = this.require(op.db, op.coll);
        coll.addIndex(new IndexState(op.spec));
        return () => void coll.removeIndex(String(op.spec.name));
      }
      case 'dropIndex': {
        const coll = this.require(op.db, op.coll);
        const position = coll.indexes.findIndex((index) => index.name === op.name);
        const removed = coll.removeIndex(op.name);
        return () => {
          if (removed) coll.indexes.splice(position, 0, removed);
        };
      }
      case 'insert': {
        const coll = this.require(op.db, op.coll);
        coll.insert(op.doc, historyLsn);
        return () => void coll.remove(keyOf(op.doc._id));
      }
      case 'replace': {
        const coll = this.require(op.db, op.coll);
        const previous = coll.replace(op.doc, historyLsn);
        return () => void coll.replace(previous);
      }
      case 'delete': {
        const coll = this.require(op.db, op.coll);
        const previous = coll.remove(keyOf(op.id), historyLsn);
        return () => {
          if (previous) coll.insert(previous);
        };
      }
    }
  }
}
