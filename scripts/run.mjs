// Runs one of the command-line tools (seed, import, mongo-embedded), building what it needs first.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildEngineIfNeeded, buildServerIfNeeded, root } from './build-if-needed.mjs';

const commands = {
  seed: { entry: 'server/dist/cli/seed.js', build: buildServerIfNeeded },
  import: { entry: 'server/dist/cli/import.js', build: buildServerIfNeeded },
  'mongo-embedded': { entry: 'packages/embedded-mongodb/dist/cli.js', build: buildEngineIfNeeded },
};

const [name, ...args] = process.argv.slice(2);
if (!(name in commands)) {
  process.stderr.write(`Unknown command "${name}". Known: ${Object.keys(commands).join(', ')}\n`);
  process.exit(2);
}
const { entry, build } = commands[name];
build();
const child = spawn(process.execPath, ['--enable-source-maps', join(root, entry), ...args], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
