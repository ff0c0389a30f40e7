import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Serves the built react-admin app at /admin/, with index.html for client-side routes. */
export function adminStatic(adminDistDir: string): Router {
  const router = Router();
  const indexHtml = join(adminDistDir, 'index.html');
  router.use(express.static(adminDistDir, { index: false, maxAge: '1h' }));
  router.use((_req, res) => {
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
