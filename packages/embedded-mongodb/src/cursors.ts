// Open cursors: query results waiting for getMore, and change streams.
import { Long } from 'bson';
import { randomBytes } from 'node:crypto';
import { bsonSize, Doc } from './bson';
import type { ChangeStreamCursor } from './changeStreams';

export const DEFAULT_FIRST_BATCH = 101;
export const CURSOR_TIMEOUT_MS = 10 * 60_000;
/** Replies stay under the 16 MiB BSON limit (with room for the envelope): cursors' batches and change streams' alike. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

export interface Cursor {
  id: Long;
  ns: string;
  lastUsed: number;
  sessionKey: string | undefined;
  /** Remaining documents of a query (query results are computed when the cursor opens). */
  docs?: Doc[];
  offset: number;
  stream?: ChangeStreamCursor;
  /** Opened with noCursorTimeout: never swept. */
  noTimeout?: boolean;
}

export class CursorRegistry {
  private readonly cursors = new Map<string, Cursor>();

  open(
    ns: string,
    sessionKey: string | undefined,
    init: { docs?: Doc[]; stream?: ChangeStreamCursor; noTimeout?: boolean },
  ): Cursor {
    let id: Long;
    do {
      const bytes = randomBytes(8);
      bytes[7] &= 0x7f;
      id = Long.fromBytesLE([...bytes]);
    } while (id.isZero() || this.cursors.has(id.toString()));
    const cursor: Cursor = { id, ns, lastUsed: Date.now(), sessionKey, offset: 0, ...init };
    this.cursors.set(id.toString(), cursor);
    return cursor;
  }

  get(id: unknown): Cursor | undefined {
    const key = cursorKey(id);
    const cursor = key === undefined ? undefined : this.cursors.get(key);
    if (cursor) cursor.lastUsed = Date.now();
    return cursor;
  }

  kill(id: unknown): boolean {
    const key = cursorKey(id);
    return key !== undefined && this.remove(key);
  }

  killSession(sessionKey: string): void {
    for (const [key, cursor] of this.cursors) if (cursor.sessionKey === sessionKey) this.remove(key);
  }

  /** Forgets a cursor; a change stream's history is no longer kept for it. */
  private remove(key: string): boolean {
    const cursor = this.cursors.get(key);
    if (!cursor) return false;
    this.cursors.delete(key);
    cursor.stream?.close();
    return true;
  }

  /** Drops cursors nobody asked for within the timeout. */
  sweep(now = Date.now()): number {
    let removed = 0;
    for (const [key, cursor] of this.cursors) {
      if (!cursor.noTimeout && now - cursor.lastUsed > CURSOR_TIMEOUT_MS) {
        this.remove(key);
        removed += 1;
      }
    }
    return removed;
  }

  get size(): number {
    return this.cursors.size;
  }

  clear(): void {
    for (const key of [...this.cursors.keys()]) this.remove(key);
  }
}

export function cursorKey(id: unknown): string | undefined {
  if (id instanceof Long) return id.toString();
  if (typeof id === 'number' && Number.isInteger(id)) return String(id);
  if (typeof id === 'bigint') return id.toString();
  return undefined;
}

/** Takes the next batch from a list: at most `limit` documents (0 = no count limit) and ~16 MiB. */
export function takeBatch(docs: Doc[], offset: number, limit: number): Doc[] {
  const batch: Doc[] = [];
  let bytes = 0;
  for (let i = offset; i < docs.length; i++) {
    if (limit > 0 && batch.length >= limit) break;
    const size = bsonSize(docs[i]);
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    batch.push(docs[i]);
    bytes += size;
  }
  return batch;
}
