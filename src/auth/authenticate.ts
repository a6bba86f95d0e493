// Bearer credentials → a Principal: API keys (compared by their SHA-256, so configuration never holds
// a key itself) and JWTs (HS256 secret or a JWKS URL, with issuer and audience checked).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import { ANONYMOUS, isScope, type Principal, type Scope } from './principal.ts';

export interface ApiKeyEntry {
  clientId: string;
  /** Hex SHA-256 of the key. */
  sha256: string;
  scopes: Scope[];
}

/**
 * HS256 with a shared secret, or keys from a JWKS URL. The audience is always checked (a token made
 * for another service must not work here); with a JWKS URL the issuer too.
 */
export type JwtSettings = { secret: string; issuer?: string; audience: string } | { jwksUrl: string; issuer: string; audience: string };

export interface AuthSettings {
  apiKeys: ApiKeyEntry[];
  jwt: JwtSettings | null;
  /** Development only: requests without credentials act with every scope. */
  allowAnonymous: boolean;
}

/** Why a request is refused; the message is safe to show. */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export type Authenticator = (authorization: string | null) => Promise<Principal>;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function createAuthenticator(settings: AuthSettings): Authenticator {
  const keys = settings.apiKeys.map((entry) => ({ ...entry, digest: Buffer.from(entry.sha256, 'hex') }));
  const jwt = settings.jwt;
  const jwks: JWTVerifyGetKey | null = jwt && 'jwksUrl' in jwt ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : null;
  const secret = jwt && 'secret' in jwt ? new TextEncoder().encode(jwt.secret) : null;

  function byApiKey(token: string): Principal | null {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    const entry = keys.find((key) => key.digest.length === digest.length && timingSafeEqual(key.digest, digest));
    return entry ? { clientId: entry.clientId, kind: 'api-key', scopes: new Set(entry.scopes) } : null;
  }

  async function byJwt(token: string): Promise<Principal> {
    if (!jwt || (!secret && !jwks)) throw new AuthenticationError('Bearer token is not a known API key');
    const options = { audience: jwt.audience, ...(jwt.issuer ? { issuer: jwt.issuer } : {}) };
    let payload: JWTPayload;
    try {
      payload = secret
        ? (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload
        : (await jwtVerify(token, jwks as JWTVerifyGetKey, options)).payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AuthenticationError('Bearer token has expired');
      throw new AuthenticationError('Bearer token is not valid');
    }
    const clientId = [payload.client_id, payload.azp, payload.sub].find((value): value is string => typeof value === 'string');
    return { clientId: clientId ?? 'jwt', kind: 'jwt', scopes: new Set(scopesOf(payload)) };
  }

  return async (authorization) => {
    if (!authorization) {
      if (settings.allowAnonymous) return ANONYMOUS;
      throw new AuthenticationError('Send Authorization: Bearer <API key or token>');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw new AuthenticationError('Authorization must be "Bearer <API key or token>"');
    const token = match[1];
    const looksLikeJwt = token.split('.').length === 3;
    if (!looksLikeJwt) {
      const principal = byApiKey(token);
      if (!principal) throw new AuthenticationError('Bearer token is not a known API key');
      return principal;
    }
    return byJwt(token);
  };
}

/** `scope: "customers:read pii:read"` (OAuth style) or `scopes: [...]`; unknown scopes are ignored. */
function scopesOf(payload: JWTPayload): Scope[] {
  const raw = payload.scope ?? payload.scopes;
  const words =
    typeof raw === 'string' ? raw.split(/\s+/) : Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : [];
  return words.filter(isScope);
}
