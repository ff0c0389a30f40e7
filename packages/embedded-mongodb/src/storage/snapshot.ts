// Full snapshots of the state. Written to a temporary file, fsynced and renamed over the previous one,
// so a crash at any point leaves either the old or the new snapshot intact.
import { Binary, Long, Timestamp } from 'bson';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { decodeDocument, Doc, encodeDocument, isPlainObject, toNumber } from '../bson';
import type { CapturedIndexOrder } from './collection';
import { CapturedDocuments, EncodedDocuments } from './documents';
import {
  ArrivingFile,
  arrivedFile,
  nodeFileSystem,
  readArriving,
  StorageFileSystem,
  syncDirectory,
  writeFully,
} from './files';
import { encodeRecord, RECORD_HEADER, recordOf } from './records';
import { SNAPSHOT_FILE } from './snapshot-file';

const TEMP_FILE = 'snapshot.bson.tmp';
/**
 * 1: documents only; 2: also each index's order (document positions), so a load need not sort entries.
 * Version 1 snapshots are read (their indexes sorted at load) and replaced by version 2 at the next one.
 */
const FORMAT_VERSION = 2;
const READABLE_VERSIONS = new Set([1, 2]);
/** Positions per index order record (4 bytes each). */
const ORDER_CHUNK = 256 * 1024;
const CHUNK_BYTES = 1024 * 1024;

interface SnapshotCollectionHead {
  db: string;
  name: string;
  uuid: Binary;
  options: Doc;
  /** Secondary index specs (the _id index is implicit). */
  indexes: Doc[];
}

/** A collection to write: its documents as objects or as BSON bytes already encoded. */
export interface SnapshotCollection extends SnapshotCollectionHead {
  docs: CapturedDocuments;
  indexOrders: CapturedIndexOrder[];
}

/** A collection read back: its documents still as BSON, in the file's buffer. */
export interface LoadedCollection extends SnapshotCollectionHead {
  encoded: EncodedDocuments;
  /** Index name -> document positions in index order (version 2 snapshots). */
  indexOrders: Map<string, Uint32Array>;
}

interface SnapshotHeader {
  /** Every journal record up to this lsn is contained in the snapshot. */
  lsn: number;
  clusterTime?: Timestamp;
}

export interface SnapshotData extends SnapshotHeader {
  collections: SnapshotCollection[];
}

export interface LoadedSnapshot extends SnapshotHeader {
  collections: LoadedCollection[];
}

/**
 * Writes the snapshot to a temporary file and fsyncs it; installSnapshot() then puts it in place. On
 * failure the temporary file is removed at once: on a full disk it holds the space writes need.
 */
export async function writeSnapshotFile(
  dir: string,
  data: SnapshotData,
  fs: StorageFileSystem = nodeFileSystem,
): Promise<number> {
  const tempPath = join(dir, TEMP_FILE);
  let written = 0;
  try {
    const handle = await fs.open(tempPath, 'w');
    const writeRecord = async (bytes: Buffer) => {
      await writeFully(handle, bytes);
      written += bytes.length;
    };
    const write = (docs: Doc[]) => writeRecord(encodeRecord(docs));
    try {
      await write([
        {
          kind: 'header',
          version: FORMAT_VERSION,
          lsn: Long.fromNumber(data.lsn),
          clusterTime: data.clusterTime,
        },
      ]);
      let total = 0;
      for (const coll of data.collections) {
        await write([
          {
            kind: 'collection',
            db: coll.db,
            name: coll.name,
            uuid: coll.uuid,
            options: coll.options,
            indexes: coll.indexes,
          },
        ]);
        const chunkHead = encodeDocument({ kind: 'docs' });
        let chunk: Buffer[] = [chunkHead];
        let chunkBytes = 0;
        for (const doc of coll.docs) {
          const bytes = Buffer.isBuffer(doc) ? doc : encodeDocument(doc);
          chunk.push(bytes);
          chunkBytes += bytes.length;
          if (chunkBytes >= CHUNK_BYTES) {
            await writeRecord(recordOf(chunk));
            chunk = [chunkHead];
            chunkBytes = 0;
          }
        }
        if (chunk.length > 1) await writeRecord(recordOf(chunk));
        for (const order of coll.indexOrders) {
          const positions = order.positions();
          if (!positions) continue;
          for (let from = 0; from < positions.length || from === 0; from += ORDER_CHUNK) {
            const part = positions.subarray(from, from + ORDER_CHUNK);
            const bytes = new Binary(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
            await write([
              { kind: 'indexOrder', index: order.name, total: positions.length, positions: bytes },
            ]);
          }
        }
        total += coll.docs.count;
      }
      await write([{ kind: 'end', collections: data.collections.length, documents: total }]);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await discardSnapshotFile(dir, fs).catch(() => undefined);
    throw error;
  }
  return written;
}

/** Replaces the previous snapshot with the one writeSnapshotFile() left, durably. */
export async function installSnapshot(dir: string, fs: StorageFileSystem = nodeFileSystem): Promise<void> {
  await fs.rename(join(dir, TEMP_FILE), join(dir, SNAPSHOT_FILE));
  await syncDirectory(fs, dir);
}

export function discardSnapshotFile(dir: string, fs: StorageFileSystem = nodeFileSystem): Promise<void> {
  return fs.remove(join(dir, TEMP_FILE));
}

export class SnapshotCorruptError extends Error {}

/**
 * Reads the snapshot, checking every record's checksum and the framing of every document, but decoding
 * only the records' heads: documents stay BSON in the file's buffer (see DocumentMap).
 */
export async function readSnapshot(
  dir: string,
  fs: StorageFileSystem = nodeFileSystem,
  prefetched?: Promise<ArrivingFile>,
): Promise<LoadedSnapshot | undefined> {
  await discardSnapshotFile(dir, fs);
  const path = join(dir, SNAPSHOT_FILE);
  let file: ArrivingFile;
  try {
    file =
      (await prefetched) ??
      (fs === nodeFileSystem ? await readArriving(path) : arrivedFile(await fs.readFile(path)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let snapshot: LoadedSnapshot | undefined;
  let current: LoadedCollection | undefined;
  let ended = false;
  let offset = 0;
  const bytes = file.bytes;
  while (offset < bytes.length) {
    // Each record is checked as soon as its bytes are in, while later ones are still being read.
    const headerEnd = Math.min(bytes.length, offset + RECORD_HEADER);
    await file.through(headerEnd);
    if (headerEnd - offset === RECORD_HEADER) {
      await file.through(Math.min(bytes.length, headerEnd + bytes.readUInt32LE(offset)));
    }
    const record = recordAt(bytes, offset);
    if (typeof record === 'string') {
      throw new SnapshotCorruptError(`snapshot is damaged at byte ${offset}: ${record}`);
    }
    const head = record.head;
    if (!snapshot) {
      if (head.kind !== 'header' || !READABLE_VERSIONS.has(Number(head.version))) {
        throw new SnapshotCorruptError('snapshot has no valid header');
      }
      snapshot = {
        lsn: toNumber(head.lsn) ?? 0,
        clusterTime: head.clusterTime instanceof Timestamp ? head.clusterTime : undefined,
        collections: [],
      };
    } else if (head.kind === 'collection') {
      if (typeof head.db !== 'string' || typeof head.name !== 'string' || !(head.uuid instanceof Binary)) {
        throw new SnapshotCorruptError('snapshot collection record is malformed');
      }
      current = {
        db: head.db,
        name: head.name,
        uuid: head.uuid,
        options: isPlainObject(head.options) ? head.options : {},
        indexes: Array.isArray(head.indexes) ? head.indexes.filter(isPlainObject) : [],
        encoded: { bytes, offsets: [] },
        indexOrders: new Map(),
      };
      snapshot.collections.push(current);
    } else if (head.kind === 'docs') {
      if (!current) throw new SnapshotCorruptError('snapshot documents precede their collection');
      for (const at of record.rest) current.encoded.offsets.push(at);
    } else if (head.kind === 'indexOrder') {
      if (!current) throw new SnapshotCorruptError('snapshot index order precedes its collection');
      addIndexOrder(current, head);
    } else if (head.kind === 'end') {
      ended = true;
    }
    offset = record.end;
  }
  if (!snapshot) throw new SnapshotCorruptError('snapshot has no valid header');
  if (!ended) throw new SnapshotCorruptError('snapshot is incomplete (no end record)');
  return snapshot;
}

/** Appends an index order record's positions (little-endian uint32) to its collection's. */
function addIndexOrder(coll: LoadedCollection, head: Doc): void {
  const name = head.index;
  const total = toNumber(head.total);
  const part = head.positions;
  if (
    typeof name !== 'string' ||
    total === undefined ||
    !(part instanceof Binary) ||
    part.position % 4 !== 0
  ) {
    throw new SnapshotCorruptError('snapshot index order record is malformed');
  }
  const bytes = part.buffer.subarray(0, part.position);
  const previous = coll.indexOrders.get(name) ?? new Uint32Array(0);
  const positions = new Uint32Array(previous.length + bytes.length / 4);
  positions.set(previous);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.length / 4; i++) positions[previous.length + i] = view.getUint32(i * 4, true);
  if (positions.length > total) throw new SnapshotCorruptError('snapshot index order record is malformed');
  coll.indexOrders.set(name, positions);
}

/**
 * The record at `offset`: its first document decoded, the offsets of the others (each checked to be
 * framed as a BSON document); or why it is damaged.
 */
function recordAt(bytes: Buffer, offset: number): { head: Doc; rest: number[]; end: number } | string {
  if (bytes.length - offset < RECORD_HEADER) return 'truncated record header';
  const length = bytes.readUInt32LE(offset);
  const checksum = bytes.readUInt32LE(offset + 4);
  const start = offset + RECORD_HEADER;
  const end = start + length;
  if (length > bytes.length - start) return 'truncated record';
  if (crc32(bytes.subarray(start, end)) !== checksum) return 'checksum mismatch';
  const rest: number[] = [];
  let at = start;
  let head: Doc | undefined;
  while (at < end) {
    if (end - at < 5) return 'malformed record payload';
    const size = bytes.readInt32LE(at);
    if (size < 5 || size > end - at || bytes[at + size - 1] !== 0) return 'malformed record payload';
    if (head) rest.push(at);
    else {
      try {
        head = decodeDocument(bytes.subarray(at, at + size));
      } catch {
        return 'malformed record payload';
      }
    }
    at += size;
  }
  if (!head) return 'malformed record payload';
  return { head, rest, end };
}
