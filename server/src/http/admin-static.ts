import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type RequestHandler } from 'express';
import expressStaticGzip from 'express-static-gzip';

/**
 * Vite names built assets `assets/name-<hash>.ext`: a new build gives a new name, so they never change. The
 * file sent may be the asset's precompressed copy (.br, .gz), served under the asset's own URL.
 */
const HASHED_ASSET_FILE = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;

/**
 * The built files; for a browser that accepts it, the .br or .gz copy the build wrote beside each file, so
 * assets are compressed once at the best level instead of on every request.
 */
export function adminFiles(adminDistDir: string): RequestHandler {
  return expressStaticGzip(adminDistDir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      setHeaders: (res, filePath) => {
        res.setHeader(
          'Cache-Control',
          HASHED_ASSET_FILE.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    },
  });
}

/**
 * Serves the built react-admin app at /admin/, with index.html for client-side routes. Hashed assets are
 * cached for a year as immutable; everything else (index.html first) is revalidated on every load. Source
 * maps are never served, even if a build left some behind.
 */
export function adminStatic(adminDistDir: string): Router {
  const router = Router();
  const indexHtml = join(adminDistDir, 'index.html');
  router.use((req, res, next) => {
    if (req.path.endsWith('.map')) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    next();
  });
  router.use(adminFiles(adminDistDir));
  router.use((req, res) => {
    // A missing asset is a 404, not the app's page: a browser would otherwise run HTML as a script.
    if (req.path.startsWith('/assets/')) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    if (!existsSync(indexHtml)) {
      res
        .status(503)
        .type('text/plain')
        .send('The admin UI is not built yet: run `npm run build` (npm start does it).');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexHtml);
  });
  return router;
}
