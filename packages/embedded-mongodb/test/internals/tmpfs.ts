import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Mounting a tmpfs needs root on Linux. Where that is missing the tests that fill a real file system are
 * reported as skipped (never as passed); the fault-injection tests in disk-faults.test.ts always run.
 */
export const canMountTmpfs = process.platform === 'linux' && process.getuid?.() === 0;

export interface SmallFileSystem {
  path: string;
  unmount(): void;
}

/** A fresh tmpfs of `size` (mount's syntax, e.g. '2m'); as root, a failure to mount fails the test. */
export function mountTmpfs(size: string): SmallFileSystem {
  const path = mkdtempSync(join(tmpdir(), 'small-fs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path]);
  return {
    path,
    unmount() {
      execFileSync('umount', [path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}
