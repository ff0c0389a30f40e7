// Builds the engine package, the server and the admin UI when their output is missing or older than their sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

function buildIfStale(workspace, sources, stamp) {
  const stampPath = join(root, workspace, stamp);
  const sourceTime = Math.max(...sources.map((source) => newestMtime(join(root, workspace, source))));
  if (existsSync(stampPath) && statSync(stampPath).mtimeMs >= sourceTime) return;
  process.stderr.write(`Building ${workspace}…\n`);
  execFileSync('npm', ['run', 'build', '--workspace', workspace], { cwd: root, stdio: ['ignore', 2, 2] });
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
