// The append-only journal: one record per acknowledged write (or committed transaction), in files
// journal.<generation>.bin. Appends are group-committed: whatever queued up while one write+fsync ran
// goes out in the next one.
//
// A record is acknowledged only once every byte of it is written (short writes are continued) and
// fsynced. When an append fails (ENOSPC, EIO), that record and every record queued after it are
// abandoned (their writers undo them in memory, newest first) and the file is cut back to its last
// intact record at once, so a later append never lands behind a torn tail that recovery would cut off
// together with it. If even the cut fails, the next append (or repair()) retries it before writing.
//
// Compaction never blocks appends: rotate() switches new appends to the next generation in the same
// tick the state is captured for a snapshot, so the old generations hold nothing the snapshot lacks and
// are deleted once it is durable. Startup replays every generation in order over the snapshot.
import { join } from 'node:path';
import { Doc } from '../bson';
import { nodeFileSystem, StorageFile, StorageFileSystem, syncDirectory, writeFully } from './files';
import { readRecords } from './records';

interface Pending {
  bytes: Buffer;
  generation: number;
  resolve(): void;
  reject(error: unknown): void;
  /** Called synchronously, newest record first, when the record will never be written. */
  abandon(): void;
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
export async function journalFiles(
  dir: string,
  fs: StorageFileSystem = nodeFileSystem,
): Promise<{ generation: number; name: string }[]> {
  const names = await fs.readdir(dir);
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
  private readonly handles = new Map<number, StorageFile>();
  /** Per generation: bytes of intact, fsynced records (where a failed append is cut back to). */
  private readonly lengths = new Map<number, number>();
  /** Generations whose file may end in bytes of a failed append that could not be cut off yet. */
  private readonly damaged = new Set<number>();
  private repairWaiters: ((repaired: boolean) => void)[] = [];
  private generation: number;
  private count: number;
  private drainWaiters: { generation: number; resolve(): void }[] = [];
  private writing = new Set<number>();
  /** Called after each durable batch (the store checks whether to compact). */
  onFlushed: () => void = () => undefined;
  /** Called after an append failed, once its records and all queued after them were abandoned. */
  onFailed: (error: unknown, recordBytes: number) => void = () => undefined;

  private constructor(
    private readonly dir: string,
    private readonly fs: StorageFileSystem,
    generation: number,
    bytes: number,
    count: number,
  ) {
    this.generation = generation;
    this.lengths.set(generation, bytes);
    this.count = count;
  }

  /** Reads every generation (cutting off damaged tails) and opens the newest for appending. */
  static async open(
    dir: string,
    fs: StorageFileSystem = nodeFileSystem,
  ): Promise<{ journal: Journal; contents: JournalContents }> {
    const contents: JournalContents = { records: [], truncated: [] };
    const files = await journalFiles(dir, fs);
    let lastBytes = 0;
    let lastCount = 0;
    for (const file of files) {
      const path = join(dir, file.name);
      const existing = await fs.readFile(path);
      const read = readRecords(existing);
      if (read.validLength < existing.length) {
        await fs.truncate(path, read.validLength);
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
    const newest = files.length > 0 ? files[files.length - 1].generation : 0;
    // The legacy file (generation 0) is never appended to: new records go to generation 1.
    const generation = Math.max(1, newest);
    const continues = files.length > 0 && newest === generation;
    const journal = new Journal(dir, fs, generation, continues ? lastBytes : 0, continues ? lastCount : 0);
    await journal.handle(generation);
    return { journal, contents };
  }

  /** Size of the current generation. */
  get size(): number {
    return this.lengths.get(this.generation) ?? 0;
  }

  /** Records in the current generation. */
  get records(): number {
    return this.count;
  }

  /** True while some generation may end in the bytes of a failed append. */
  get needsRepair(): boolean {
    return this.damaged.size > 0;
  }

  private async handle(generation: number): Promise<StorageFile> {
    let handle = this.handles.get(generation);
    if (!handle) {
      const name = generation === 0 ? LEGACY_FILE : journalFileName(generation);
      handle = await this.fs.open(join(this.dir, name), 'a');
      try {
        await syncDirectory(this.fs, this.dir);
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw error;
      }
      this.handles.set(generation, handle);
      if (!this.lengths.has(generation)) this.lengths.set(generation, 0);
    }
    return handle;
  }

  /**
   * Queues a record; resolves once it is on disk. When it cannot be written, `abandon` runs first
   * (synchronously, after the abandon of every later record) and then the promise rejects.
   */
  append(bytes: Buffer, abandon: () => void = () => undefined): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ bytes, generation: this.generation, resolve, reject, abandon });
      this.kick();
    });
  }

  /**
   * Sends later appends to a new generation and returns it. Call in the same tick the state is captured
   * for a snapshot: then generations before the returned one hold nothing the snapshot lacks.
   */
  rotate(): number {
    this.generation += 1;
    this.lengths.set(this.generation, 0);
    this.count = 0;
    return this.generation;
  }

  /** Resolves once every record of the generations before `generation` is written or abandoned. */
  drainBefore(generation: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.drainWaiters.push({ generation: generation - 1, resolve });
      this.checkDrained();
    });
  }

  /** Once the snapshot is durable: waits for older generations to be written, then deletes them. */
  async removeBefore(generation: number): Promise<void> {
    await this.drainBefore(generation);
    for (const file of await journalFiles(this.dir, this.fs)) {
      if (file.generation >= generation) continue;
      const handle = this.handles.get(file.generation);
      this.handles.delete(file.generation);
      this.lengths.delete(file.generation);
      this.damaged.delete(file.generation);
      await handle?.close();
      await this.fs.remove(join(this.dir, file.name));
    }
    await syncDirectory(this.fs, this.dir);
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

  /** Resolves when everything appended so far is durable or abandoned. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Cuts every damaged tail back to its last intact record, between appends (never under one).
   * Resolves true when no damaged tail is left.
   */
  repair(): Promise<boolean> {
    if (this.damaged.size === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      this.repairWaiters.push(resolve);
      this.kick();
    });
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.pending.length > 0 || this.repairWaiters.length > 0) this.kick();
    });
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0 || this.repairWaiters.length > 0) {
      if (this.repairWaiters.length > 0) await this.repairWaiting();
      if (this.pending.length === 0) continue;
      const batch = this.pending;
      this.pending = [];
      const generations = [...new Set(batch.map((p) => p.generation))].sort((a, b) => a - b);
      for (const generation of generations) this.writing.add(generation);
      let failed = false;
      try {
        for (const generation of generations) {
          const records = batch.filter((p) => p.generation === generation);
          try {
            await this.write(generation, records);
          } catch (error) {
            failed = true;
            this.abandon(
              batch.filter((p) => p.generation >= generation),
              error,
            );
            break;
          }
          for (const p of records) p.resolve();
        }
      } finally {
        this.writing.clear();
        this.checkDrained();
      }
      if (!failed) this.onFlushed();
    }
  }

  private async write(generation: number, records: Pending[]): Promise<void> {
    const data = records.length === 1 ? records[0].bytes : Buffer.concat(records.map((p) => p.bytes));
    const handle = await this.handle(generation);
    if (this.damaged.has(generation)) await this.cutBack(generation, handle);
    try {
      await writeFully(handle, data);
      await handle.datasync();
    } catch (error) {
      await this.cutBack(generation, handle).catch(() => undefined);
      throw error;
    }
    this.lengths.set(generation, (this.lengths.get(generation) ?? 0) + data.length);
    if (generation === this.generation) this.count += records.length;
  }

  /** Truncates a generation back to its intact records; it stays marked damaged until that succeeds. */
  private async cutBack(generation: number, handle: StorageFile): Promise<void> {
    this.damaged.add(generation);
    await handle.truncate(this.lengths.get(generation) ?? 0);
    await handle.datasync();
    this.damaged.delete(generation);
  }

  /** Fails `unwritten` and every record queued after them: later records may build on theirs. */
  private abandon(unwritten: Pending[], error: unknown): void {
    const failed = [...unwritten, ...this.pending];
    this.pending = [];
    for (let i = failed.length - 1; i >= 0; i--) failed[i].abandon();
    for (const p of failed) p.reject(error);
    this.onFailed(
      error,
      unwritten.reduce((sum, p) => sum + p.bytes.length, 0),
    );
  }

  private async repairWaiting(): Promise<void> {
    const waiters = this.repairWaiters;
    this.repairWaiters = [];
    for (const generation of [...this.damaged]) {
      const handle = this.handles.get(generation);
      if (!handle) {
        this.damaged.delete(generation);
        continue;
      }
      await this.cutBack(generation, handle).catch(() => undefined);
    }
    for (const resolve of waiters) resolve(this.damaged.size === 0);
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    for (const handle of this.handles.values()) await handle.close();
    this.handles.clear();
  }
}
