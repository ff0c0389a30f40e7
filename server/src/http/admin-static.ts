import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Vite names built assets `name-<hash>.ext`: a new build gives a new name, so they never change. */
const HASHED_ASSET = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

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
  router.use(
    express.static(adminDistDir, {
      index: false,
      setHeaders: (res, _path) => {
        const urlPath = res.req.path;
        res.set(
          'Cache-Control',
          HASHED_ASSET.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
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
