// The append-only journal: one record per acknowledged write (or committed transaction), in files
// journal.<generation>.bin. Appends are group-committed: whatever queued up while one write+fsync ran
// goes out in the next one.
//
// Compaction never blocks appends: rotate() switches new appends to the next generation in the same
// tick the state is captured for a snapshot, so the old generations hold nothing the snapshot lacks and
// are deleted once it is durable. Startup replays every generation in order over the snapshot.
import { FileHandle, open, readdir, readFile, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Doc } from '../bson';
import { readRecords } from './records';
import { syncDirectory } from './snapshot';

interface Pending {
  bytes: Buffer;
  generation: number;
  resolve(): void;
  reject(error: unknown): void;
}

export interface JournalContents {
  records: Doc[][];
  /** Damaged tails that were cut off. */
  truncated: { file: string; atByte: number; droppedBytes: number; reason: string }[];
}

const FILE_PATTERN = /^journal\.(\d+)\.bin$/;
/** The single journal file of the first format; read as generation 0. */
const LEGACY_FILE = 'journal.bin';

export function journalFileName(generation: number): string {
  return `journal.${generation}.bin`;
}

/** The journal files in a directory, oldest generation first. */
export async function journalFiles(dir: string): Promise<{ generation: number; name: string }[]> {
  const names = await readdir(dir);
  const files: { generation: number; name: string }[] = [];
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (match) files.push({ generation: Number(match[1]), name });
    else if (name === LEGACY_FILE) files.push({ generation: 0, name });
  }
  return files.sort((a, b) => a.generation - b.generation);
}

export class Journal {
  private pending: Pending[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly handles = new Map<number, FileHandle>();
  private generation: number;
  private bytes: number;
  private count: number;
  private drainWaiters: { generation: number; resolve(): void }[] = [];
  private writing = new Set<number>();
  /** Called after each durable batch (the store checks whether to compact). */
  onFlushed: () => void = () => undefined;

  private constructor(
    private readonly dir: string,
    generation: number,
    bytes: number,
    count: number,
  ) {
    this.generation = generation;
    this.bytes = bytes;
    this.count = count;
  }

  /** Reads every generation (cutting off damaged tails) and opens the newest for appending. */
  static async open(dir: string): Promise<{ journal: Journal; contents: JournalContents }> {
    const contents: JournalContents = { records: [], truncated: [] };
    const files = await journalFiles(dir);
    let lastBytes = 0;
    let lastCount = 0;
    for (const file of files) {
      const path = join(dir, file.name);
      const existing = await readFile(path);
      const read = readRecords(existing);
      if (read.validLength < existing.length) {
        await truncate(path, read.validLength);
        contents.truncated.push({
          file: file.name,
          atByte: read.validLength,
          droppedBytes: existing.length - read.validLength,
          reason: read.problem ?? 'damaged tail',
        });
      }
      contents.records.push(...read.records);
      lastBytes = read.validLength;
      lastCount = read.records.length;
    }
    const generation = files.length > 0 ? Math.max(1, files[files.length - 1].generation) : 1;
    const journal = new Journal(
      dir,
      generation,
      files.length > 0 ? lastBytes : 0,
      files.length > 0 ? lastCount : 0,
    );
    await journal.handle(generation);
    return { journal, contents };
  }

  /** Size of the current generation. */
  get size(): number {
    return this.bytes;
  }

  /** Records in the current generation. */
  get records(): number {
    return this.count;
  }

  private async handle(generation: number): Promise<FileHandle> {
    let handle = this.handles.get(generation);
    if (!handle) {
      const name = generation === 0 ? LEGACY_FILE : journalFileName(generation);
      handle = await open(join(this.dir, name), 'a');
      this.handles.set(generation, handle);
      await syncDirectory(this.dir);
    }
    return handle;
  }

  /** Queues a record; resolves once it is on disk. */
  append(bytes: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ bytes, generation: this.generation, resolve, reject });
      this.kick();
    });
  }

  /**
   * Sends later appends to a new generation and returns it. Call in the same tick the state is captured
   * for a snapshot: then generations before the returned one hold nothing the snapshot lacks.
   */
  rotate(): number {
    this.generation += 1;
    this.bytes = 0;
    this.count = 0;
    return this.generation;
  }

  /** Once the snapshot is durable: waits for older generations to be written, then deletes them. */
  async removeBefore(generation: number): Promise<void> {
    await new Promise<void>((resolve) => {
      this.drainWaiters.push({ generation: generation - 1, resolve });
      this.checkDrained();
    });
    for (const file of await journalFiles(this.dir)) {
      if (file.generation >= generation) continue;
      const handle = this.handles.get(file.generation);
      this.handles.delete(file.generation);
      await handle?.close();
      await unlink(join(this.dir, file.name));
    }
    await syncDirectory(this.dir);
  }

  private checkDrained(): void {
    this.drainWaiters = this.drainWaiters.filter((waiter) => {
      const busy =
        this.pending.some((p) => p.generation <= waiter.generation) ||
        [...this.writing].some((g) => g <= waiter.generation);
      if (!busy) waiter.resolve();
      return busy;
    });
  }

  /** Resolves when everything appended so far is durable. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      const generations = [...new Set(batch.map((p) => p.generation))].sort((a, b) => a - b);
      for (const generation of generations) this.writing.add(generation);
      try {
        for (const generation of generations) {
          const records = batch.filter((p) => p.generation === generation);
          const data = records.length === 1 ? records[0].bytes : Buffer.concat(records.map((p) => p.bytes));
          const handle = await this.handle(generation);
          await handle.write(data);
          await handle.datasync();
          if (generation === this.generation) {
            this.bytes += data.length;
            this.count += records.length;
          }
        }
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      } finally {
        this.writing.clear();
        this.checkDrained();
      }
      this.onFlushed();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    for (const handle of this.handles.values()) await handle.close();
    this.handles.clear();
  }
}
