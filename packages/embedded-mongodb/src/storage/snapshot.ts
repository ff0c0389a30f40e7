// Full snapshots of the state. Written to a temporary file, fsynced and renamed over the previous one,
// so a crash at any point leaves either the old or the new snapshot intact.
import { Binary, Long, Timestamp } from 'bson';
import { join } from 'node:path';
import { bsonSize, Doc, isPlainObject, toNumber } from '../bson';
import { nodeFileSystem, StorageFileSystem, syncDirectory, writeFully } from './files';
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
    const write = async (docs: Doc[]) => {
      const bytes = encodeRecord(docs);
      await writeFully(handle, bytes);
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

export async function readSnapshot(
  dir: string,
  fs: StorageFileSystem = nodeFileSystem,
): Promise<SnapshotData | undefined> {
  await discardSnapshotFile(dir, fs);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(join(dir, SNAPSHOT_FILE));
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
