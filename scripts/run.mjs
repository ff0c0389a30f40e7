// Runs one of the server's command-line tools (seed, import, mongo-embedded), building the server first if needed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildServerIfNeeded, root } from './build-if-needed.mjs';

const commands = {
  seed: 'server/dist/cli/seed.js',
  import: 'server/dist/cli/import.js',
  'mongo-embedded': 'server/dist/db/embedded/cli.js',
};

const [name, ...args] = process.argv.slice(2);
if (!(name in commands)) {
  process.stderr.write(`Unknown command "${name}". Known: ${Object.keys(commands).join(', ')}\n`);
  process.exit(2);
}
buildServerIfNeeded();
const child = spawn(process.execPath, ['--enable-source-maps', join(root, commands[name]), ...args], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
