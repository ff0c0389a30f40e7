import type { ChangeStreamDocument, Document } from 'mongodb';
import { Collections } from '../db/collections';
import type { ContentChangeKind, ContentEntityName } from './content-event';

/** The collections whose documents subscribers hear about, and the entity each holds. */
export const CONTENT_COLLECTIONS: Readonly<Record<string, ContentEntityName>> = {
  [Collections.speakers]: 'SPEAKER',
  [Collections.interviews]: 'INTERVIEW',
  [Collections.answers]: 'ANSWER',
};

/** One write to a watched document, as read from the change stream. */
export interface RawChange {
  collection: string;
  operation: 'insert' | 'update' | 'replace' | 'delete';
  /** documentKey._id as stored. */
  key: unknown;
  /** The id as clients see it (hex for ObjectIds). */
  id: string;
  /** insert/replace: the document written; update: the document as looked up after the change (or null). */
  document: Document | null;
  /** update: the paths the update set, with their new values. */
  updated: Document | null;
  removed: string[];
  /** Identifies the transaction the write belonged to, when the server says. */
  txn: string | null;
  at: Date | null;
}

/** The document changes of a batch; several writes to one document coalesce into one change. */
export interface DocumentChange {
  entity: ContentEntityName;
  key: unknown;
  id: string;
  kind: ContentChangeKind;
  /** True when the change wrote a new `version` (inserts, deletes and version-bumping updates). */
  versioned: boolean;
  /** The version the change wrote, when it wrote one. */
  version: number | null;
  /** Stored field names the change set (top level). */
  fields: Set<string>;
  document: Document | null;
  /** For interviews: the status this change set, if it set one. */
  status: string | null;
  txn: string | null;
  at: Date | null;
}

const BOOKKEEPING = new Set(['_id', 'version', 'createdAt', 'updatedAt', 'updatedBy']);
const HIDDEN: Readonly<Record<ContentEntityName, ReadonlySet<string>>> = {
  SPEAKER: new Set(['nameKey']),
  INTERVIEW: new Set(),
  ANSWER: new Set(),
};
const RENAMED: Readonly<Record<ContentEntityName, Readonly<Record<string, string>>>> = {
  SPEAKER: {},
  INTERVIEW: { source: 'sourceFormat' },
  ANSWER: {},
};

/** The id of a stored key as clients see it. */
export function idString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const hex = (value as { toHexString?: unknown }).toHexString;
    if (typeof hex === 'function') return String(hex.call(value));
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** A stream event about a watched document, or null for events that carry none (drops, renames, …). */
export function toRawChange(event: ChangeStreamDocument): RawChange | null {
  switch (event.operationType) {
    case 'insert':
    case 'update':
    case 'replace':
    case 'delete':
      break;
    default:
      return null;
  }
  const key: unknown = event.documentKey._id;
  const base = {
    collection: event.ns.coll,
    key,
    id: idString(key),
    txn: transactionOf(event.lsid, event.txnNumber),
    at: event.wallTime ?? timestampDate(event.clusterTime),
  };
  switch (event.operationType) {
    case 'insert':
      return { ...base, operation: 'insert', document: event.fullDocument, updated: null, removed: [] };
    case 'replace':
      return { ...base, operation: 'replace', document: event.fullDocument, updated: null, removed: [] };
    case 'update':
      return {
        ...base,
        operation: 'update',
        document: event.fullDocument ?? null,
        updated: (event.updateDescription.updatedFields as Document | undefined) ?? {},
        removed: event.updateDescription.removedFields ?? [],
      };
    case 'delete':
      return { ...base, operation: 'delete', document: null, updated: null, removed: [] };
  }
}

function transactionOf(lsid: { id?: unknown } | undefined, txnNumber: unknown): string | null {
  if (!lsid?.id || txnNumber === undefined || txnNumber === null) return null;
  const id = lsid.id as { toString(encoding?: string): string };
  return `${id.toString('hex')}:${String(txnNumber)}`;
}

function timestampDate(clusterTime: unknown): Date | null {
  const seconds = (clusterTime as { t?: unknown } | undefined)?.t;
  return typeof seconds === 'number' ? new Date(seconds * 1000) : null;
}

function topLevel(path: string): string {
  const dot = path.indexOf('.');
  return dot === -1 ? path : path.slice(0, dot);
}

function toDocumentChange(raw: RawChange, entity: ContentEntityName): DocumentChange {
  const fields = new Set<string>();
  let versioned = true;
  let version: number | null = null;
  let status: string | null = null;
  const kind: ContentChangeKind =
    raw.operation === 'insert' ? 'CREATED' : raw.operation === 'delete' ? 'DELETED' : 'UPDATED';
  if (raw.operation === 'insert' || raw.operation === 'replace') {
    for (const field of Object.keys(raw.document ?? {})) fields.add(field);
    version = numberOrNull(raw.document?.version);
    status = stringOrNull(raw.document?.status);
  } else if (raw.operation === 'update') {
    const updated = raw.updated ?? {};
    for (const path of [...Object.keys(updated), ...raw.removed]) fields.add(topLevel(path));
    versioned = 'version' in updated;
    version = versioned ? numberOrNull(updated.version) : null;
    status = 'status' in updated ? stringOrNull(updated.status) : null;
  }
  return {
    entity,
    key: raw.key,
    id: raw.id,
    kind,
    versioned,
    version,
    fields,
    document: raw.document,
    status,
    txn: raw.txn,
    at: raw.at,
  };
}

/**
 * Writes to one document within a batch become one change unless each of them wrote a new version: the
 * three passes of a renumbering (and a move's parking at position 0) fold into the versioned change next
 * to them, or into one RENUMBER change, while two edits that each bumped the version stay two events.
 * A write that sets an interview's status is never folded, so visibility is decided per status change.
 */
export function coalesce(raws: readonly RawChange[]): DocumentChange[] {
  const changes: DocumentChange[] = [];
  const latest = new Map<string, DocumentChange>();
  for (const raw of raws) {
    const entity = CONTENT_COLLECTIONS[raw.collection];
    if (!entity) continue;
    const change = toDocumentChange(raw, entity);
    const key = `${entity}:${change.id}`;
    const previous = latest.get(key);
    if (previous && canFold(previous, change)) {
      fold(previous, change);
      continue;
    }
    changes.push(change);
    latest.set(key, change);
  }
  return changes.filter(
    (change) => change.kind !== 'UPDATED' || change.versioned || visibleFields(change).length > 0,
  );
}

function canFold(previous: DocumentChange, next: DocumentChange): boolean {
  if (previous.kind === 'DELETED') return false;
  if (previous.versioned && next.versioned) return false;
  if (previous.status !== null || next.status !== null)
    return previous.kind === 'CREATED' && next.status === null;
  return true;
}

function fold(into: DocumentChange, next: DocumentChange): void {
  if (next.kind === 'DELETED') {
    into.kind = 'DELETED';
    into.fields.clear();
  } else {
    for (const field of next.fields) into.fields.add(field);
  }
  if (next.versioned) {
    into.versioned = true;
    into.version = next.version;
  }
  into.document = next.kind === 'DELETED' ? null : (next.document ?? into.document);
  into.txn = into.txn ?? next.txn;
  into.at = next.at ?? into.at;
}

/** The GraphQL names of the fields a change set, sorted; bookkeeping and internal fields left out. */
export function visibleFields(change: DocumentChange): string[] {
  if (change.kind === 'DELETED') return [];
  const names = new Set<string>();
  for (const field of change.fields) {
    if (BOOKKEEPING.has(field) || HIDDEN[change.entity].has(field)) continue;
    names.add(RENAMED[change.entity][field] ?? field);
  }
  return [...names].sort();
}

export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toNumber?: unknown }).toNumber === 'function'
  ) {
    return (value as { toNumber(): number }).toNumber();
  }
  return null;
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
