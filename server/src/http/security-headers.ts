import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

type Directives = NonNullable<
  NonNullable<Exclude<HelmetOptions['contentSecurityPolicy'], boolean>>['directives']
>;

/** Shared by every route: no framing, no sniffing, no referrer, no plugins. */
const COMMON_DIRECTIVES = {
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * The admin (and everything else the service serves): only its own scripts; inline styles are allowed
 * because MUI (emotion) injects its styles at run time; the GraphQL WebSocket is same-origin ('self'
 * covers ws: and wss: in CSP 3).
 */
const ADMIN_POLICY: Directives = {
  ...COMMON_DIRECTIVES,
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
};

/**
 * GET /graphql is Apollo's landing page, which brings its own nonce-based policy in a <meta> tag (scripts
 * and styles from Apollo's CDN). A header policy with script or style rules would intersect with it and
 * break the page, so this one only adds what a <meta> policy cannot say: frame-ancestors.
 */
const GRAPHQL_POLICY: Directives = {
  ...COMMON_DIRECTIVES,
  'default-src': helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
};

function headersWith(directives: Directives): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Security headers on every route (helmet): CSP, X-Frame-Options DENY, nosniff, referrer policy, … */
export function securityHeaders(): RequestHandler {
  const admin = headersWith(ADMIN_POLICY);
  const graphql = headersWith(GRAPHQL_POLICY);
  return (req, res, next) => (req.path === '/graphql' ? graphql : admin)(req, res, next);
}
