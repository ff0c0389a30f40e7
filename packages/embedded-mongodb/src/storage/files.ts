// The file calls the storage layer makes, behind one interface so tests can inject faults (short writes,
// ENOSPC, failing fsyncs) exactly where the journal and snapshots touch the disk.
import { open, readdir, rename, rm, truncate } from 'node:fs/promises';

export interface StorageFile {
  /** Writes bytes[offset, offset + length); returns how many were written, which may be fewer. */
  write(bytes: Buffer, offset: number, length: number): Promise<number>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface StorageFileSystem {
  /** 'a': append (created when missing), 'w': truncate or create, 'r': read (also for directories). */
  open(path: string, flags: 'a' | 'w' | 'r'): Promise<StorageFile>;
  readFile(path: string): Promise<Buffer>;
  readdir(path: string): Promise<string[]>;
  truncate(path: string, length: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; no error when it is missing. */
  remove(path: string): Promise<void>;
}

export const nodeFileSystem: StorageFileSystem = {
  async open(path, flags) {
    const handle = await open(path, flags);
    return {
      write: async (bytes, offset, length) => (await handle.write(bytes, offset, length)).bytesWritten,
      datasync: () => handle.datasync(),
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
  async readFile(path) {
    const file = await readArriving(path);
    await file.through(file.bytes.length);
    return file.bytes;
  },
  readdir: (path) => readdir(path),
  truncate: (path, length) => truncate(path, length),
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { force: true }),
};

/** A file's bytes as they arrive: `through(end)` resolves once bytes[0, end) are read. */
export interface ArrivingFile {
  bytes: Buffer;
  through(end: number): Promise<void>;
}

/** A file read already. */
export function arrivedFile(bytes: Buffer): ArrivingFile {
  return { bytes, through: () => Promise.resolve() };
}

const ARRIVING_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Reads a file into one buffer of its size, asking for all its chunks at once: the thread pool reads
 * several together, and the caller checks the first chunks while later ones are still being read. (fs's
 * readFile reads in 512 KiB steps, one after another.) Fails with ENOENT when the file is missing.
 */
export async function readArriving(path: string): Promise<ArrivingFile> {
  const handle = await open(path, 'r');
  let chunks: Promise<void>[];
  let bytes: Buffer;
  try {
    const { size } = await handle.stat();
    bytes = Buffer.allocUnsafe(size);
    const readChunk = async (from: number, to: number) => {
      for (let at = from; at < to;) {
        const { bytesRead } = await handle.read(bytes, at, to - at, at);
        if (bytesRead === 0) throw new Error(`${path} became shorter while it was read`);
        at += bytesRead;
      }
    };
    chunks = [];
    for (let from = 0; from < size; from += ARRIVING_CHUNK_BYTES) {
      const chunk = readChunk(from, Math.min(size, from + ARRIVING_CHUNK_BYTES));
      chunk.catch(() => undefined);
      chunks.push(chunk);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  void Promise.allSettled(chunks).then(() => handle.close());
  return {
    bytes,
    through: async (end) => {
      await Promise.all(chunks.slice(0, Math.ceil(end / ARRIVING_CHUNK_BYTES)));
    },
  };
}

/** Writes every byte: write(2) may write fewer than asked (a nearly full disk does), so loop on the count. */
export async function writeFully(file: StorageFile, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const written = await file.write(bytes, offset, bytes.length - offset);
    if (!(written > 0)) {
      throw Object.assign(new Error(`write stored no bytes (${offset} of ${bytes.length} written)`), {
        code: 'EIO',
      });
    }
    offset += written;
  }
}

export async function syncDirectory(fs: StorageFileSystem, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a directory; the rename is as durable as they allow.
  } finally {
    await handle.close();
  }
}

/** The errno code of a failed file call, if it has one. */
export function errorCodeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What stops writes, in words an operator can act on (no paths: this reaches /healthz). */
export function describeWriteFailure(error: unknown): string {
  const code = errorCodeOf(error) ?? (error instanceof Error ? error.name : 'error');
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return `disk full (${code}): the journal cannot be written; writes resume once space is freed`;
  }
  return `the journal cannot be written (${code}); writes resume once the disk accepts them again`;
}
