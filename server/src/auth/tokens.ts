import jwt from 'jsonwebtoken';
import type { Role } from './auth-user';

export interface TokenClaims {
  sub: string;
  email: string;
  role: Role;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const ISSUER = 'transcripts';

export class TokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(claims: TokenClaims): IssuedToken {
    const token = jwt.sign({ email: claims.email, role: claims.role }, this.secret, {
      algorithm: 'HS256',
      subject: claims.sub,
      issuer: ISSUER,
      expiresIn: this.ttlSeconds,
    });
    return { token, expiresAt: new Date(Date.now() + this.ttlSeconds * 1000) };
  }

  /** The verified claims and expiry, or null for a malformed, forged or expired token. */
  verify(token: string): (TokenClaims & { expiresAt: Date }) | null {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER });
      if (typeof payload === 'string' || !payload.sub || typeof payload.exp !== 'number') return null;
      const role = payload.role;
      if (role !== 'ADMIN' && role !== 'EDITOR') return null;
      return {
        sub: payload.sub,
        email: String(payload.email),
        role,
        expiresAt: new Date(payload.exp * 1000),
      };
    } catch {
      return null;
    }
  }
}

export const MALFORMED_AUTHORIZATION = 'Invalid authorization: expected "Bearer <token>"';

/** RFC 6750 b64token: what a bearer token may be made of. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export type Authorization = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'malformed' };

/**
 * Reads an Authorization header (or the WebSocket's connectionParams.authorization): absent or empty is
 * anonymous; anything else must be `Bearer <token>` — `Basic …`, a bare `Bearer` or a token with spaces is
 * malformed, never silently anonymous.
 */
export function parseAuthorization(header: unknown): Authorization {
  if (header === undefined || header === null || header === '') return { kind: 'none' };
  if (typeof header !== 'string') return { kind: 'malformed' };
  const match = BEARER.exec(header);
  return match ? { kind: 'bearer', token: match[1] } : { kind: 'malformed' };
}

/** The token of an `Authorization: Bearer <token>` header value, if any. */
export function bearerToken(header: string | undefined | null): string | null {
  const authorization = parseAuthorization(header);
  return authorization.kind === 'bearer' ? authorization.token : null;
}
