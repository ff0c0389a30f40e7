#!/usr/bin/env node
/**
 * Fetches MongoDB's unified-format spec tests (CRUD, transactions, change streams) for the embedded engine's
 * spec suite (packages/embedded-mongodb/test/spec) into .cache/mongodb-specifications, where the suite looks
 * when MONGODB_SPEC_TESTS_DIR is not set. They cannot be part of this repository: mongodb/specifications is
 * licensed CC BY-NC-SA 3.0, and this project is MIT.
 *
 * From, in order:
 *   1. a shallow clone of github.com/mongodb/specifications (the current tests);
 *   2. Debian's golang-mongodb-mongo-driver-dev, whose `data/` is the Go driver's copy of the spec tests
 *      (those of 2022: fewer, and some expectations since revised — the suite knows which).
 *
 * Run: npm run spec-tests:fetch [-- DIRECTORY]. `npm test` (so CI too) runs it with --if-missing (nothing is fetched when
 * the suite already has tests to read). Never fails the caller: without network it says so and exits 0 (the
 * suite then reports itself skipped).
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FOLDERS = ['crud', 'transactions', 'change-streams'];
const DEBIAN_PACKAGE = 'golang-mongodb-mongo-driver-dev';
const DEBIAN_DATA = 'usr/share/gocode/src/go.mongodb.org/mongo-driver/data';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const ifMissing = args.includes('--if-missing');
const target = resolve(
  args.find((arg) => !arg.startsWith('--')) ?? join(root, '.cache/mongodb-specifications'),
);

/** Left when `--if-missing` found no source, so that `npm test` does not wait on the network every run. */
const unavailableMark = `${target}.unavailable`;
const RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

// `npm test` asks only when the suite would find none: not set elsewhere, not fetched before, and not tried
// in vain during the last day.
if (
  ifMissing &&
  (process.env.MONGODB_SPEC_TESTS_DIR ||
    existsSync(join(root, '../shared/mongodb-specifications/source')) ||
    existsSync(join(target, 'SOURCE.txt')) ||
    (existsSync(unavailableMark) && Date.now() - statSync(unavailableMark).mtimeMs < RETRY_AFTER_MS))
) {
  process.exit(0);
}

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000, ...options });
}

/**
 * Copies each folder's unified tests from `source(folder)` into the target, keeping the layout given; the
 * target is replaced only once something was copied.
 */
function copyFolders(source, layout, origin, work) {
  const staged = join(work, 'staged');
  rmSync(staged, { recursive: true, force: true });
  let files = 0;
  for (const folder of FOLDERS) {
    const from = source(folder);
    if (!existsSync(from)) continue;
    const to = join(staged, folder, layout);
    cpSync(from, to, { recursive: true, filter: (path) => !path.endsWith('.yml') });
    files += readdirSync(to).filter((name) => name.endsWith('.json')).length;
  }
  if (files === 0) throw new Error(`no unified tests found (${origin})`);
  writeFileSync(
    join(staged, 'SOURCE.txt'),
    `${origin}\nFetched ${new Date().toISOString()}. Licensed CC BY-NC-SA 3.0 by MongoDB, Inc. ` +
      '(https://github.com/mongodb/specifications/blob/master/LICENSE.md); not part of this project.\n',
  );
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(staged, target, { recursive: true });
  return files;
}

function fromGitHub(work) {
  const checkout = join(work, 'specifications');
  run('git', ['clone', '--quiet', '--depth', '1', 'https://github.com/mongodb/specifications', checkout], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return copyFolders(
    (folder) => join(checkout, 'source', folder, 'tests', 'unified'),
    'tests/unified',
    'mongodb/specifications (GitHub), source/<folder>/tests/unified',
    work,
  );
}

function fromDebian(work) {
  const download = () => run('apt-get', ['download', DEBIAN_PACKAGE], { cwd: work });
  try {
    download();
  } catch {
    // A fresh machine may not have the package lists yet.
    run('apt-get', ['update', '-qq'], { timeout: 120_000 });
    download();
  }
  const deb = readdirSync(work).find((name) => name.startsWith(DEBIAN_PACKAGE) && name.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download left no ${DEBIAN_PACKAGE} package`);
  const unpacked = join(work, 'unpacked');
  run('dpkg-deb', ['-x', join(work, deb), unpacked]);
  return copyFolders(
    (folder) => join(unpacked, DEBIAN_DATA, folder, 'unified'),
    'unified',
    `Debian ${deb} (the Go driver's copy of the spec tests), data/<folder>/unified`,
    work,
  );
}

/** The last line of what a failed command said, or why it failed (a timeout leaves stderr empty). */
function reasonOf(error) {
  const said = error?.stderr?.length ? String(error.stderr) : '';
  const reason =
    said.trim() || (error?.signal ? `killed by ${error.signal}` : String(error?.message ?? error));
  return reason.trim().split('\n').pop();
}

const work = mkdtempSync(join(tmpdir(), 'spec-tests-'));
let fetched = false;
try {
  for (const [name, fetch] of [
    ['GitHub', fromGitHub],
    ['Debian', fromDebian],
  ]) {
    try {
      const files = fetch(work);
      console.log(`MongoDB spec tests: ${files} files from ${name} in ${target}`);
      fetched = true;
      break;
    } catch (error) {
      console.warn(`MongoDB spec tests: not from ${name} (${reasonOf(error)})`);
    }
  }
  if (fetched) {
    rmSync(unavailableMark, { force: true });
  } else {
    console.warn('MongoDB spec tests: none fetched; the spec suite will report itself skipped');
    mkdirSync(dirname(unavailableMark), { recursive: true });
    writeFileSync(unavailableMark, `No source answered at ${new Date().toISOString()}.\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
