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
 * The admin, the API explorer (GET /graphql) and everything else the service serves: only its own scripts;
 * inline styles are allowed because MUI (emotion) and the explorer's editor (Monaco) inject their styles at
 * run time; the explorer's editor runs its language services in same-origin workers; the GraphQL WebSocket
 * is same-origin ('self' covers ws: and wss: in CSP 3).
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

/** Plain Node middleware (Express takes it as it is). */
type HeadersMiddleware = ReturnType<typeof helmet>;

function headersWith(directives: Directives): HeadersMiddleware {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Security headers on every route (helmet): CSP, X-Frame-Options DENY, nosniff, referrer policy, … */
export function securityHeaders(): HeadersMiddleware {
  return headersWith(ADMIN_POLICY);
}
