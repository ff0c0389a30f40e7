// Builds the engine package, the server and the admin UI when their output is missing or older than their sources.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** A lock older than this was left by a build that died; builds take well under a minute. */
const ABANDONED_LOCK_MS = 10 * 60 * 1000;

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `work` while holding the workspace's build lock (a directory: creating one is atomic). Parallel test
 * workers each ask for the admin; without the lock two builds would empty and refill dist/ under each other
 * and under pages already being served from it.
 */
function withBuildLock(workspace, work) {
  const lock = join(root, workspace, '.build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (existsSync(lock) ? statSync(lock).mtimeMs : Date.now());
      if (age > ABANDONED_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else sleepSync(200);
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildIfStale(workspace, sources, stamp) {
  const stampPath = join(root, workspace, stamp);
  const isFresh = () => {
    const sourceTime = Math.max(...sources.map((source) => newestMtime(join(root, workspace, source))));
    return existsSync(stampPath) && statSync(stampPath).mtimeMs >= sourceTime;
  };
  if (isFresh()) return;
  withBuildLock(workspace, () => {
    // Another process may have built it while this one waited for the lock.
    if (isFresh()) return;
    process.stderr.write(`Building ${workspace}…\n`);
    execFileSync('npm', ['run', 'build', '--workspace', workspace], { cwd: root, stdio: ['ignore', 2, 2] });
  });
}

export function buildEngineIfNeeded() {
  buildIfStale('packages/embedded-mongodb', ['src', 'tsconfig.build.json', 'package.json'], 'dist/index.js');
}

/** The server compiles against the engine package's built declarations, so the engine is built first. */
export function buildServerIfNeeded() {
  buildEngineIfNeeded();
  buildIfStale('server', ['src', 'tsconfig.build.json', 'package.json'], 'dist/main.js');
}

export function buildAdminIfNeeded() {
  buildIfStale(
    'admin',
    ['src', 'public', 'index.html', 'explorer.html', 'package.json', 'vite.config.ts'],
    'dist/index.html',
  );
}
