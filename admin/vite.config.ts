import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** The admin is served by the service at /admin/; `npm run dev -w admin` proxies the API to a running service. */
const service = process.env.SERVICE_URL ?? 'http://localhost:4000';

const COMPRESSIBLE = /\.(js|css|html|svg|json|ico)$/;

/** Brotli's best quality takes tens of seconds on the explorer's multi-megabyte editor; 9 takes one. */
const BROTLI_BEST_QUALITY_UP_TO = 512 * 1024;

/**
 * Writes a .gz (level 9) and a .br beside each built text file: the service sends these to browsers that
 * accept them, so the assets are compressed once, as small as they get, instead of at the fast level on
 * every request.
 */
function precompress(): Plugin {
  const gzipAsync = promisify(gzip);
  const brotliAsync = promisify(brotliCompress);
  let outDir = '';
  return {
    name: 'transcripts-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((file) => COMPRESSIBLE.test(file));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const content = await readFile(path);
          const [gzipped, brotli] = await Promise.all([
            gzipAsync(content, { level: 9 }),
            brotliAsync(content, {
              params: {
                [zlibConstants.BROTLI_PARAM_QUALITY]: content.length <= BROTLI_BEST_QUALITY_UP_TO ? 11 : 9,
                [zlibConstants.BROTLI_PARAM_SIZE_HINT]: content.length,
              },
            }),
          ]);
          await Promise.all([writeFile(`${path}.gz`, gzipped), writeFile(`${path}.br`, brotli)]);
        }),
      );
    },
  };
}

export default defineConfig(({ command }) => {
  // A build is for production whatever NODE_ENV the caller has (jest runs it with NODE_ENV=test, which
  // would otherwise bundle React's development code).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    base: '/admin/',
    plugins: [react(), precompress()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // No source maps in the build: they would publish the whole source (and weigh 8 MB).
      sourcemap: false,
      // The API explorer (GET /graphql) bundles GraphiQL and its Monaco editor: its own page, never loaded by
      // the admin.
      chunkSizeWarningLimit: 4000,
      rollupOptions: {
        input: { admin: 'index.html', explorer: 'explorer.html' },
        output: {
          // React in a chunk of its own, shared by the admin and the explorer and cached across releases
          // that do not upgrade it.
          manualChunks: (id: string) =>
            /node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined,
        },
        onwarn(warning, warn) {
          // GraphiQL's packages carry React Compiler directives ("use no memo") that bundling drops harmlessly.
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
    server: {
      proxy: {
        '/graphql': { target: service, ws: true, changeOrigin: true },
      },
    },
  };
});
