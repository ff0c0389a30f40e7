// Placeholder build: copies the static page into dist/ (replaced by the Vite build of the react-admin app).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'dist'), { recursive: true });
copyFileSync(join(here, 'index.html'), join(here, 'dist/index.html'));
