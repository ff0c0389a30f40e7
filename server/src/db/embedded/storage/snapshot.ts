// Full snapshots of the state. Written to a temporary file, fsynced and renamed over the previous one,
// so a crash at any point leaves either the old or the new snapshot intact.
import { Binary, Long, Timestamp } from 'bson';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { bsonSize, Doc, isPlainObject, toNumber } from '../bson';
import { encodeRecord, readRecords } from './records';

export const SNAPSHOT_FILE = 'snapshot.bson';
const TEMP_FILE = 'snapshot.bson.tmp';
const FORMAT_VERSION = 1;
const CHUNK_BYTES = 1024 * 1024;

export interface SnapshotCollection {
  db: string;
  name: string;
  uuid: Binary;
  options: Doc;
  /** Secondary index specs (the _id index is implicit). */
  indexes: Doc[];
  docs: Doc[];
}

export interface SnapshotData {
  /** Every journal record up to this lsn is contained in the snapshot. */
  lsn: number;
  clusterTime?: Timestamp;
  collections: SnapshotCollection[];
}

export async function writeSnapshot(dir: string, data: SnapshotData): Promise<number> {
  const tempPath = join(dir, TEMP_FILE);
  const handle = await open(tempPath, 'w');
  let written = 0;
  const write = async (docs: Doc[]) => {
    const bytes = encodeRecord(docs);
    await handle.write(bytes);
    written += bytes.length;
  };
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
      let chunk: Doc[] = [{ kind: 'docs' }];
      let chunkBytes = 0;
      for (const doc of coll.docs) {
        chunk.push(doc);
        chunkBytes += bsonSize(doc);
        if (chunkBytes >= CHUNK_BYTES) {
          await write(chunk);
          chunk = [{ kind: 'docs' }];
          chunkBytes = 0;
        }
      }
      if (chunk.length > 1) await write(chunk);
      total += coll.docs.length;
    }
    await write([{ kind: 'end', collections: data.collections.length, documents: total }]);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempPath, join(dir, SNAPSHOT_FILE));
  await syncDirectory(dir);
  return written;
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a directory; the rename is as durable as they allow.
  } finally {
    await handle.close();
  }
}

export class SnapshotCorruptError extends Error {}

export async function readSnapshot(dir: string): Promise<SnapshotData | undefined> {
  await rm(join(dir, TEMP_FILE), { force: true });
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, SNAPSHOT_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const read = readRecords(bytes);
  if (read.problem)
    throw new SnapshotCorruptError(`snapshot is damaged at byte ${read.validLength}: ${read.problem}`);
  const [headerRecord, ...rest] = read.records;
  const header = headerRecord?.[0];
  if (!header || header.kind !== 'header' || header.version !== FORMAT_VERSION) {
    throw new SnapshotCorruptError('snapshot has no valid header');
  }
  const data: SnapshotData = {
    lsn: toNumber(header.lsn) ?? 0,
    clusterTime: header.clusterTime instanceof Timestamp ? header.clusterTime : undefined,
    collections: [],
  };
  let current: SnapshotCollection | undefined;
  let ended = false;
  for (const record of rest) {
    const [head, ...docs] = record;
    if (head.kind === 'collection') {
      if (typeof head.db !== 'string' || typeof head.name !== 'string' || !(head.uuid instanceof Binary)) {
        throw new SnapshotCorruptError('snapshot collection record is malformed');
      }
      current = {
        db: head.db,
        name: head.name,
        uuid: head.uuid,
        options: isPlainObject(head.options) ? head.options : {},
        indexes: Array.isArray(head.indexes) ? head.indexes.filter(isPlainObject) : [],
        docs: [],
      };
      data.collections.push(current);
    } else if (head.kind === 'docs') {
      if (!current) throw new SnapshotCorruptError('snapshot documents precede their collection');
      for (const doc of docs) current.docs.push(doc);
    } else if (head.kind === 'end') {
      ended = true;
    }
  }
  if (!ended) throw new SnapshotCorruptError('snapshot is incomplete (no end record)');
  return data;
}
