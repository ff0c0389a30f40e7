// `npm start`: build what is missing, then run the service in this process's place.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildAdminIfNeeded, buildServerIfNeeded, root } from './build-if-needed.mjs';

buildServerIfNeeded();
buildAdminIfNeeded();

const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'server/dist/main.js')], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
