// The mutations the storage layer knows. Every acknowledged write is journaled as a list of these,
// and replaying them in order rebuilds the state.
import { Binary } from 'bson';
import { Doc, encodeDocument, isPlainObject } from '../bson';

export type Op =
  | { op: 'createCollection'; db: string; coll: string; options: Doc; uuid: Binary }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'setOptions'; db: string; coll: string; options: Doc }
  | { op: 'renameCollection'; db: string; coll: string; toDb: string; toColl: string }
  | { op: 'createIndex'; db: string; coll: string; spec: Doc }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'insert'; db: string; coll: string; doc: Doc }
  | { op: 'replace'; db: string; coll: string; doc: Doc }
  | { op: 'delete'; db: string; coll: string; id: unknown };

export function opToDocument(op: Op): Doc {
  return { ...op };
}

/** Journal BSON of insert and replace ops encoded ahead of their commit, by document. */
const encodedAhead = new WeakMap<Doc, { op: string; db: string; coll: string; bytes: Buffer }>();

/**
 * Encodes the op a transaction statement will commit, so that committing a large transaction concatenates
 * bytes instead of encoding every document in one synchronous stretch (documents are immutable, so the
 * bytes stay right).
 */
export function encodeAhead(op: Op): void {
  if (op.op !== 'insert' && op.op !== 'replace') return;
  encodedAhead.set(op.doc, { op: op.op, db: op.db, coll: op.coll, bytes: encodeDocument(opToDocument(op)) });
}

/** The journal's BSON of an op: encodeDocument(opToDocument(op)), encoded ahead when it was. */
export function encodeOp(op: Op): Buffer {
  if (op.op === 'insert' || op.op === 'replace') {
    const ahead = encodedAhead.get(op.doc);
    if (ahead) {
      encodedAhead.delete(op.doc);
      if (ahead.op === op.op && ahead.db === op.db && ahead.coll === op.coll) return ahead.bytes;
    }
  }
  return encodeDocument(opToDocument(op));
}

function str(doc: Doc, field: string): string {
  const value = doc[field];
  if (typeof value !== 'string') throw new Error(`journal op lacks string field '${field}'`);
  return value;
}

function obj(doc: Doc, field: string): Doc {
  const value = doc[field];
  if (!isPlainObject(value)) throw new Error(`journal op lacks document field '${field}'`);
  return value;
}

export function opFromDocument(doc: Doc): Op {
  const db = str(doc, 'db');
  const coll = str(doc, 'coll');
  switch (doc.op) {
    case 'createCollection': {
      const uuid = doc.uuid;
      if (!(uuid instanceof Binary)) throw new Error('journal createCollection lacks uuid');
      return { op: 'createCollection', db, coll, options: obj(doc, 'options'), uuid };
    }
    case 'dropCollection':
      return { op: 'dropCollection', db, coll };
    case 'setOptions':
      return { op: 'setOptions', db, coll, options: obj(doc, 'options') };
    case 'renameCollection':
      return { op: 'renameCollection', db, coll, toDb: str(doc, 'toDb'), toColl: str(doc, 'toColl') };
    case 'createIndex':
      return { op: 'createIndex', db, coll, spec: obj(doc, 'spec') };
    case 'dropIndex':
      return { op: 'dropIndex', db, coll, name: str(doc, 'name') };
    case 'insert':
      return { op: 'insert', db, coll, doc: obj(doc, 'doc') };
    case 'replace':
      return { op: 'replace', db, coll, doc: obj(doc, 'doc') };
    case 'delete':
      return { op: 'delete', db, coll, id: doc.id };
    default:
      throw new Error(`unknown journal op ${String(doc.op)}`);
  }
}
