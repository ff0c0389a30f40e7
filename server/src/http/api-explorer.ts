import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';

const GRAPHQL_RESPONSE_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed'];

/**
 * GET /graphql from a browser: the API explorer (GraphiQL, built with the admin into admin/dist/explorer.html,
 * its assets under /admin/assets/), served from the service itself, so it works offline and sends nothing
 * elsewhere. Everything else (clients asking for JSON, POST) goes on to the API.
 */
export function apiExplorer(adminDistDir: string): RequestHandler {
  const explorerHtml = join(adminDistDir, 'explorer.html');
  return (req, res, next) => {
    // The same choice Apollo made for its landing page: a GET that prefers HTML to every GraphQL response type.
    const wantsPage =
      req.method === 'GET' && req.accepts([...GRAPHQL_RESPONSE_TYPES, 'text/html']) === 'text/html';
    if (!wantsPage) {
      next();
      return;
    }
    if (!existsSync(explorerHtml)) {
      res
        .status(503)
        .type('text/plain')
        .send(
          'The API explorer is not built yet: run `npm run build` (npm start does it). POST /graphql works.',
        );
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(explorerHtml);
  };
}

/** /favicon.ico, which browsers ask for on every page whatever the page links to. */
export function favicon(adminDistDir: string): RequestHandler {
  const icon = join(adminDistDir, 'favicon.ico');
  return (_req, res, next) => {
    if (!existsSync(icon)) {
      next();
      return;
    }
    res.set('Cache-Control', 'public, max-age=86400').sendFile(icon);
  };
}
