// Change streams: a bounded in-memory log of committed changes, resume tokens, and the cursor state of
// one stream (scope, position, post-$changeStream stages).
import { calculateObjectSize, Timestamp } from 'bson';
import { bsonTypeOf, Doc, isPlainObject } from './bson';
import { CommandError, ErrorCode } from './errors';
import { MAX_BATCH_BYTES } from './cursors';
import { compileFilter, compilePipeline, EvalOptions } from './query';
import type { ChangeRecord, Store } from './storage/store';
import { clonedViewOf, formatValue, keyOf } from './values';

export interface Position {
  lsn: number;
  index: number;
  /** 1 for the invalidate event that follows the change at (lsn, index). */
  sub: number;
}

const HIGH_WATER_INDEX = 0xffffffff;

export function comparePositions(a: Position, b: Position): number {
  return a.lsn - b.lsn || a.index - b.index || a.sub - b.sub;
}

function hex(n: number, width: number): string {
  return Math.max(0, Math.floor(n)).toString(16).padStart(width, '0');
}

/** Resume tokens: fixed-width hex, so they order like the changes they stand for. */
export function encodeToken(time: Timestamp, position: Position): Doc {
  return {
    _data:
      '82' +
      hex(time.t, 8) +
      hex(time.i, 8) +
      hex(position.lsn, 16) +
      hex(position.index, 8) +
      hex(position.sub, 2),
  };
}

export function decodeToken(token: unknown): Position {
  const data = isPlainObject(token) ? token._data : undefined;
  if (typeof data !== 'string' || !/^82[0-9a-f]{42}$/.test(data)) {
    throw new CommandError(
      ErrorCode.InvalidResumeToken,
      `Invalid resume token: ${JSON.stringify(token ?? null)}`,
    );
  }
  return {
    lsn: Number.parseInt(data.slice(18, 34), 16),
    index: Number.parseInt(data.slice(34, 42), 16),
    sub: Number.parseInt(data.slice(42, 44), 16),
  };
}

function positionOf(record: ChangeRecord, sub = 0): Position {
  return { lsn: record.lsn, index: record.index, sub };
}

function compareTimes(a: Timestamp, b: Timestamp): number {
  return a.t - b.t || a.i - b.i;
}

/** MongoDB's answer when the changes after a stream's position are no longer held (its oplog rolled over). */
export function historyLost(): CommandError {
  return new CommandError(
    ErrorCode.ChangeStreamHistoryLost,
    'Resume of change stream was not possible, as the resume point may no longer be in the oplog.',
  );
}

/** How much change history the engine keeps for change streams (see ChangeLog). */
export interface ChangeHistoryLimits {
  /** Most changes kept; default 50,000. */
  maxChanges?: number;
  /**
   * Most bytes kept, counted as the BSON size of the documents each change holds (in memory they take about
   * three times that); default 24 MiB.
   */
  maxBytes?: number;
  /**
   * Most changes kept for open streams that have not read them yet, beyond `maxChanges`; default 200,000.
   * A stream further behind than this fails with ChangeStreamHistoryLost.
   */
  maxUnreadChanges?: number;
  /** Most bytes kept for open streams that have not read them yet, beyond `maxBytes`; default 96 MiB. */
  maxUnreadBytes?: number;
}

const DEFAULT_MAX_CHANGES = 50_000;
const DEFAULT_MAX_BYTES = 24 * 1024 * 1024;
const DEFAULT_MAX_UNREAD_CHANGES = 200_000;
const DEFAULT_MAX_UNREAD_BYTES = 96 * 1024 * 1024;
/**
 * About how much of the log one read of a stream takes (counted as the log counts changes): a reply well under
 * the 16 MiB limit, built in a few milliseconds of the engine's thread, which serves every other client too.
 */
const STREAM_BATCH_BYTES = 1024 * 1024;
/** What a change costs besides its documents (its fields, its namespace, its event when read). */
const CHANGE_OVERHEAD_BYTES = 200;

function changeBytes(change: ChangeRecord): number {
  let bytes = CHANGE_OVERHEAD_BYTES;
  if (change.before) bytes += calculateObjectSize(change.before);
  if (change.after) bytes += calculateObjectSize(change.after);
  return bytes;
}

/** An open change stream, as the log sees it: how far it has read. */
export interface ChangeReader {
  readonly readPosition: Position;
}

/**
 * The most recent changes, oldest first, with a way to wait for more. Like MongoDB's oplog it holds a bounded
 * history, by count and by size, enough for a large import in one transaction. What an open stream has not
 * read yet is kept beyond that, up to the unread limits: a write larger than the history (a bulk import)
 * reaches streams that are reading, and is let go once they have read it. A stream further behind than
 * that, or resuming from before what was dropped, fails with ChangeStreamHistoryLost rather than skip it.
 */
export class ChangeLog {
  private records: ChangeRecord[] = [];
  private sizes: number[] = [];
  private bytes = 0;
  private evicted: ChangeRecord | undefined;
  private waiters = new Set<() => void>();
  private readonly readers = new Set<ChangeReader>();
  private maxChanges = DEFAULT_MAX_CHANGES;
  private maxBytes = DEFAULT_MAX_BYTES;
  private maxUnreadChanges = DEFAULT_MAX_UNREAD_CHANGES;
  private maxUnreadBytes = DEFAULT_MAX_UNREAD_BYTES;

  /** Sets how much history is kept (what is over it goes at the next append). */
  limit(limits: ChangeHistoryLimits): void {
    this.maxChanges = limits.maxChanges ?? DEFAULT_MAX_CHANGES;
    this.maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxUnreadChanges = Math.max(this.maxChanges, limits.maxUnreadChanges ?? DEFAULT_MAX_UNREAD_CHANGES);
    this.maxUnreadBytes = Math.max(this.maxBytes, limits.maxUnreadBytes ?? DEFAULT_MAX_UNREAD_BYTES);
  }

  /** An open stream: what it has not read is kept for it (up to the unread limits) until it closes. */
  addReader(reader: ChangeReader): void {
    this.readers.add(reader);
  }

  removeReader(reader: ChangeReader): void {
    this.readers.delete(reader);
    this.trimIfOver();
  }

  append(changes: ChangeRecord[]): void {
    // One loop, not push(...changes): a large transaction's changes would overflow the call's arguments.
    for (const change of changes) {
      const size = changeBytes(change);
      this.records.push(change);
      this.sizes.push(size);
      this.bytes += size;
    }
    this.trimIfOver();
    this.wake();
  }

  /** Trims when over the history's limits: after an append, and when a reader moves on or goes. */
  trimIfOver(): void {
    if (this.records.length > this.maxChanges || this.bytes > this.maxBytes) this.trim();
  }

  /**
   * Drops the oldest changes down to 90% of the limits, so that trimming happens in chunks; changes an open
   * stream has not read yet only down to 90% of the unread limits, when over those.
   */
  private trim(): void {
    let firstUnread = this.records.length;
    for (const reader of this.readers)
      firstUnread = Math.min(firstUnread, this.firstAfter(reader.readPosition));
    const overUnreadLimits = this.records.length > this.maxUnreadChanges || this.bytes > this.maxUnreadBytes;
    let drop = 0;
    let bytes = this.bytes;
    const over = (maxChanges: number, maxBytes: number) =>
      this.records.length - drop > maxChanges * 0.9 || bytes > maxBytes * 0.9;
    while (drop < this.records.length && over(this.maxChanges, this.maxBytes)) {
      if (drop >= firstUnread && !(overUnreadLimits && over(this.maxUnreadChanges, this.maxUnreadBytes)))
        break;
      bytes -= this.sizes[drop];
      drop += 1;
    }
    if (drop === 0) return;
    this.evicted = this.records[drop - 1];
    this.records.splice(0, drop);
    this.sizes.splice(0, drop);
    this.bytes = bytes;
  }

  wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  get length(): number {
    return this.records.length;
  }

  at(i: number): ChangeRecord {
    return this.records[i];
  }

  /** The size counted for the i-th change (the BSON size of its documents, and a little more). */
  sizeAt(i: number): number {
    return this.sizes[i];
  }

  /** Index of the first record after `position`. */
  firstAfter(position: Position): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePositions(positionOf(this.records[mid]), position) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether changes after `position` may have been dropped from the log. */
  lostAfter(position: Position): boolean {
    return this.evicted !== undefined && comparePositions(position, positionOf(this.evicted)) < 0;
  }

  lostSince(time: Timestamp): boolean {
    return this.evicted !== undefined && compareTimes(this.evicted.clusterTime, time) >= 0;
  }

  /** Resolves at the next append or after `ms`. */
  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
    });
  }
}

export type Scope =
  { kind: 'collection'; db: string; coll: string } | { kind: 'database'; db: string } | { kind: 'cluster' };

export interface StreamOptions {
  scope: Scope;
  fullDocument: string;
  fullDocumentBeforeChange: string;
  showExpandedEvents: boolean;
  /** Stages after $changeStream. */
  pipeline: Doc[];
  eval: EvalOptions;
}

const INTERNAL_DBS = new Set(['admin', 'config', 'local']);

function inScope(scope: Scope, record: ChangeRecord): boolean {
  if (record.coll?.startsWith('system.')) return false;
  switch (scope.kind) {
    case 'cluster':
      return !INTERNAL_DBS.has(record.db);
    case 'database':
      return record.db === scope.db;
    case 'collection':
      return record.db === scope.db && record.coll === scope.coll;
  }
}

/** DDL changes, reported only to streams opened with showExpandedEvents (as MongoDB does). */
const EXPANDED_KINDS = new Set(['create', 'createIndexes', 'dropIndexes', 'modify']);

function invalidates(scope: Scope, record: ChangeRecord): boolean {
  if (scope.kind === 'collection') return record.kind === 'drop' || record.kind === 'rename';
  if (scope.kind === 'database') return record.kind === 'dropDatabase';
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  return bsonTypeOf(a) === bsonTypeOf(b) && keyOf(a) === keyOf(b) && (!isPlainObject(a) || typesMatch(a, b));
}

function typesMatch(a: unknown, b: unknown): boolean {
  if (bsonTypeOf(a) !== bsonTypeOf(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.every((v, i) => typesMatch(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) return Object.keys(a).every((k) => typesMatch(a[k], b[k]));
  return true;
}

/** updateDescription for a change from `before` to `after`. */
export function describeUpdate(before: Doc, after: Doc): Doc {
  const updatedFields: Doc = {};
  const removedFields: string[] = [];
  const truncatedArrays: Doc[] = [];
  const diffDocs = (a: Doc, b: Doc, prefix: string) => {
    for (const key of Object.keys(a)) if (!(key in b)) removedFields.push(prefix + key);
    for (const key of Object.keys(b)) {
      const path = prefix + key;
      if (!(key in a)) updatedFields[path] = b[key];
      else diffValues(a[key], b[key], path);
    }
  };
  const diffValues = (x: unknown, y: unknown, path: string) => {
    if (sameValue(x, y)) return;
    if (isPlainObject(x) && isPlainObject(y)) {
      diffDocs(x, y, path + '.');
    } else if (Array.isArray(x) && Array.isArray(y)) {
      if (y.length < x.length) truncatedArrays.push({ field: path, newSize: y.length });
      for (let i = 0; i < y.length; i++) {
        if (i >= x.length) updatedFields[`${path}.${i}`] = y[i];
        else diffValues(x[i], y[i], `${path}.${i}`);
      }
    } else {
      updatedFields[path] = y;
    }
  };
  diffDocs(before, after, '');
  return { updatedFields, removedFields, truncatedArrays };
}

export class ChangeStreamCursor implements ChangeReader {
  /** Set once the invalidate event has been returned: the stream is over. */
  invalidated = false;

  constructor(
    private readonly log: ChangeLog,
    private readonly store: Store,
    private readonly options: StreamOptions,
    private position: Position,
    private readonly minTime?: Timestamp,
  ) {
    log.addReader(this);
  }

  get readPosition(): Position {
    return this.position;
  }

  /** The stream's cursor is gone (killed, timed out, exhausted): the log keeps nothing more for it. */
  close(): void {
    this.log.removeReader(this);
  }

  /** The token to resume after everything read so far. */
  resumeToken(): Doc {
    const time = this.tokenTime ?? this.store.clock.current();
    return encodeToken(time, this.position);
  }

  private tokenTime: Timestamp | undefined;

  /**
   * Reads up to `max` events that are already in the log, and about STREAM_BATCH_BYTES of them at most; fails
   * if some after the position were dropped.
   */
  read(max: number): Doc[] {
    const out: Doc[] = [];
    if (this.invalidated) return out;
    if (this.log.lostAfter(this.position)) throw historyLost();
    let i = this.log.firstAfter(this.position);
    let bytes = 0;
    while (out.length < max && i < this.log.length && bytes < STREAM_BATCH_BYTES) {
      const size = this.log.sizeAt(i);
      if (out.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
      const record = this.log.at(i++);
      this.position = positionOf(record);
      this.tokenTime = record.clusterTime;
      if (this.minTime && compareTimes(record.clusterTime, this.minTime) < 0) continue;
      if (!inScope(this.options.scope, record)) continue;
      if (!this.options.showExpandedEvents && EXPANDED_KINDS.has(record.kind)) continue;
      const event = this.applyStages(this.format(record));
      if (event) {
        out.push(event);
        bytes += size;
      }
      if (invalidates(this.options.scope, record)) {
        const invalidate = this.applyStages(this.invalidateEvent(record));
        if (invalidate) out.push(invalidate);
        this.position = positionOf(record, 1);
        this.invalidated = true;
        return out;
      }
    }
    if (i >= this.log.length) {
      // Not store.lsn: changes of units still being journaled are published later and must not be skipped.
      const highWater: Position = { lsn: this.store.visibleLsn, index: HIGH_WATER_INDEX, sub: 0 };
      if (comparePositions(highWater, this.position) > 0) {
        this.position = highWater;
        this.tokenTime = this.store.clock.current();
      }
    }
    // What this stream was the last to need is let go now, not at the next write.
    this.log.trimIfOver();
    return out;
  }

  private invalidateEvent(record: ChangeRecord): Doc {
    return {
      _id: encodeToken(record.clusterTime, positionOf(record, 1)),
      operationType: 'invalidate',
      clusterTime: record.clusterTime,
      wallTime: record.wallTime,
    };
  }

  private format(record: ChangeRecord): Doc {
    const { fullDocument, fullDocumentBeforeChange, showExpandedEvents } = this.options;
    const event: Doc = {
      _id: encodeToken(record.clusterTime, positionOf(record)),
      operationType: record.kind,
      clusterTime: record.clusterTime,
      wallTime: record.wallTime,
    };
    const ns = record.coll === undefined ? { db: record.db } : { db: record.db, coll: record.coll };
    switch (record.kind) {
      case 'insert':
      case 'replace':
        event.fullDocument = record.after;
        event.ns = ns;
        event.documentKey = { _id: record.documentId };
        break;
      case 'update': {
        if (fullDocument === 'updateLookup') {
          const current = this.store.catalog
            .get(record.db, record.coll ?? '')
            ?.docs.get(keyOf(record.documentId));
          event.fullDocument = current ?? null;
        } else if (fullDocument === 'whenAvailable' || fullDocument === 'required') {
          const postImage = record.imagesRecorded ? record.after : undefined;
          if (!postImage && fullDocument === 'required') throw missingImage('post-image', event);
          event.fullDocument = postImage ?? null;
        }
        event.ns = ns;
        event.documentKey = { _id: record.documentId };
        event.updateDescription = describeUpdate(record.before ?? {}, record.after ?? {});
        if (showExpandedEvents) addDisambiguatedPaths(event.updateDescription as Doc, record.after ?? {});
        break;
      }
      case 'delete':
        event.ns = ns;
        event.documentKey = { _id: record.documentId };
        break;
      case 'rename':
        event.ns = ns;
        event.to = record.to;
        if (showExpandedEvents) event.operationDescription = { to: record.to, dropTarget: false };
        break;
      case 'create':
      case 'createIndexes':
      case 'dropIndexes':
        event.ns = ns;
        event.operationDescription = record.description ?? {};
        break;
      case 'modify':
        event.ns = ns;
        event.operationDescription = record.description ?? {};
        if (record.before) event.stateBeforeChange = { collectionOptions: record.before };
        break;
      default:
        event.ns = ns;
    }
    if (
      (fullDocumentBeforeChange === 'whenAvailable' || fullDocumentBeforeChange === 'required') &&
      (record.kind === 'update' || record.kind === 'replace' || record.kind === 'delete')
    ) {
      const preImage = record.imagesRecorded ? record.before : undefined;
      if (!preImage && fullDocumentBeforeChange === 'required') throw missingImage('pre-image', event);
      event.fullDocumentBeforeChange = preImage ?? null;
    }
    if (record.lsid && record.txnNumber) {
      event.lsid = record.lsid;
      event.txnNumber = record.txnNumber;
    }
    if (showExpandedEvents && record.uuid) event.collectionUUID = record.uuid;
    return event;
  }

  /** The stages after $changeStream, each as a function of an event, compiled once per stream, not per event. */
  private compiledStages: ((event: Doc) => Doc | undefined)[] | undefined;

  private get stages(): ((event: Doc) => Doc | undefined)[] {
    this.compiledStages ??= this.options.pipeline.map((stage) => {
      const [name] = Object.keys(stage);
      if (name === '$match') {
        const matches = compileFilter(stage.$match, this.options.eval);
        return (event) => (matches(event) ? event : undefined);
      }
      const run = compilePipeline([stage], this.options.eval);
      return (event) => run([clonedViewOf(event)])[0];
    });
    return this.compiledStages;
  }

  private applyStages(event: Doc): Doc | undefined {
    let current: Doc | undefined = event;
    for (const stage of this.stages) {
      if (!current) return undefined;
      current = stage(current);
    }
    if (current && current !== event && !sameValue(current._id, event._id)) {
      throw new CommandError(
        ErrorCode.ChangeStreamFatalError,
        'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that point. Only transformations that retain the unmodified _id field are allowed.',
        // As MongoDB labels it: the driver must not try to resume a stream that can never resume.
        { errorLabels: ['NonResumableChangeStreamError'] },
      );
    }
    if (current && current !== event) current._id = event._id;
    return current;
  }
}

/** MongoDB 7.0's aggregation stages: a name outside them is unrecognised rather than not permitted. */
const AGGREGATION_STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$changeStream',
  '$changeStreamSplitLargeEvent',
  '$collStats',
  '$count',
  '$currentOp',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$geoNear',
  '$graphLookup',
  '$group',
  '$indexStats',
  '$limit',
  '$listLocalSessions',
  '$listSampledQueries',
  '$listSearchIndexes',
  '$listSessions',
  '$lookup',
  '$match',
  '$merge',
  '$out',
  '$planCacheStats',
  '$project',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$search',
  '$searchMeta',
  '$set',
  '$setWindowFields',
  '$shardedDataDistribution',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
  '$vectorSearch',
]);

/** Validates the stages after $changeStream; only these may follow it. */
export function checkStreamStages(stages: Doc[]): void {
  const allowed = new Set([
    '$match',
    '$project',
    '$addFields',
    '$set',
    '$unset',
    '$replaceRoot',
    '$replaceWith',
    '$redact',
  ]);
  for (const stage of stages) {
    const [name] = Object.keys(stage);
    if (!allowed.has(name)) {
      if (!AGGREGATION_STAGES.has(name)) {
        throw new CommandError(ErrorCode.Location40324, `Unrecognized pipeline stage name: '${name}'`);
      }
      throw new CommandError(
        ErrorCode.IllegalOperation,
        `${name} is not permitted in a $changeStream pipeline`,
      );
    }
  }
}

/**
 * A stream that requires pre- or post-images meets a change made while the collection did not record them
 * (changeStreamPreAndPostImages off), as MongoDB reports it.
 */
function missingImage(image: 'pre-image' | 'post-image', event: Doc): CommandError {
  return new CommandError(
    ErrorCode.NoMatchingDocument,
    `Change stream was configured to require a ${image} for all update, delete and replace events, but the ${image} was not available for event: ${formatValue(event._id)}`,
  );
}

/**
 * disambiguatedPaths (expanded events): for each updated or removed path with a numeric component, the
 * path's components, array indexes as integers and numeric-looking field names as strings.
 */
function addDisambiguatedPaths(updateDescription: Doc, after: Doc): void {
  const paths = [
    ...Object.keys(isPlainObject(updateDescription.updatedFields) ? updateDescription.updatedFields : {}),
    ...(Array.isArray(updateDescription.removedFields) ? (updateDescription.removedFields as string[]) : []),
  ];
  const disambiguated: Doc = {};
  for (const path of paths) {
    const parts = path.split('.');
    if (!parts.some((part) => /^\d+$/.test(part))) continue;
    let current: unknown = after;
    disambiguated[path] = parts.map((part) => {
      const index = Array.isArray(current) && /^\d+$/.test(part) ? Number(part) : undefined;
      current =
        index !== undefined
          ? (current as unknown[])[index]
          : isPlainObject(current)
            ? current[part]
            : undefined;
      return index ?? part;
    });
  }
  updateDescription.disambiguatedPaths = disambiguated;
}
