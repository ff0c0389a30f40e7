// `npm start`: build what is missing, then run the service in this very process. No child process: a
// Ctrl+C or a process-group SIGTERM then reaches the service once, not once directly and once forwarded.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildAdminIfNeeded, buildServerIfNeeded, root } from './build-if-needed.mjs';

buildServerIfNeeded();
buildAdminIfNeeded();

process.setSourceMapsEnabled(true);
await import(pathToFileURL(join(root, 'server/dist/main.js')).href);
