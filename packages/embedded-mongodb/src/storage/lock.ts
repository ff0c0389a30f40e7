// A lock file in dbPath, so two engines never open the same directory.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'engine.lock';

/** Directories locked by this process (a second engine in the same process must fail too). */
const lockedHere = new Set<string>();

export class DbPathLockedError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** writeSync may write fewer bytes than asked: continue until all are written. */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw new Error('the write stored no bytes');
    offset += written;
  }
}

export interface DirectoryLock {
  release(): void;
}

export function lockDirectory(dir: string): DirectoryLock {
  const absolute = resolve(dir);
  const path = join(absolute, LOCK_FILE);
  if (lockedHere.has(absolute)) {
    throw new DbPathLockedError(`dbPath ${absolute} is already in use by another engine in this process`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeAll(fd, Buffer.from(`${process.pid}\n`));
      } catch (error) {
        // A partial pid would name some other process: leave no lock file rather than a wrong one.
        closeSync(fd);
        rmSync(path, { force: true });
        throw new Error(
          `could not write the lock file ${path}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      closeSync(fd);
      lockedHere.add(absolute);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          lockedHere.delete(absolute);
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    } catch {
      // unreadable: treat as stale
    }
    if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
      throw new DbPathLockedError(
        `dbPath ${absolute} is locked by another running engine (pid ${holder}); ` +
          `stop it first, or delete ${path} if that process is not an engine`,
      );
    }
    // Left behind by a process that is gone (crash, kill -9): take it over.
    rmSync(path, { force: true });
  }
  throw new DbPathLockedError(`could not lock dbPath ${absolute}`);
}
