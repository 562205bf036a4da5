import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal';

/** Header carrying the gateway-signed principal to subgraphs. */
export const GATEWAY_TOKEN_HEADER = 'x-mcpr-gateway-token';
/** Header carrying the request id from the gateway to subgraphs (log correlation). */
export const REQUEST_ID_HEADER = 'x-request-id';

const VERSION = 'v1';

export interface GatewayTokenClaims {
  principal: Principal;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}.${body}`).digest();
}

/**
 * A short-lived HMAC-SHA256 token: `v1.<base64url claims>.<base64url mac>`. Subgraphs refuse every
 * GraphQL operation without a valid one, so they cannot be reached around the gateway.
 */
export function signGatewayToken(
  principal: Principal,
  secret: string,
  ttlSeconds = 60,
  now = Date.now(),
): string {
  const claims: GatewayTokenClaims = { principal, exp: Math.floor(now / 1000) + ttlSeconds };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${VERSION}.${body}.${mac(secret, body).toString('base64url')}`;
}

/** The claims of a valid, unexpired token, or null. Never throws on malformed input. */
export function verifyGatewayToken(
  token: string | undefined,
  secret: string,
  now = Date.now(),
): GatewayTokenClaims | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, body, signature] = parts as [string, string, string];
  const expected = mac(secret, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as GatewayTokenClaims;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < now) return null;
    if (!claims.principal || (claims.principal.kind !== 'anonymous' && claims.principal.kind !== 'key'))
      return null;
    return claims;
  } catch {
    return null;
  }
}

/** Header protecting internal service endpoints (e.g. the registry's key lookup) that are not in the supergraph. */
export const INTERNAL_TOKEN_HEADER = 'x-mcpr-internal-token';

/** The shared secret for internal endpoints, derived from the gateway token secret. */
export function internalServiceToken(secret: string): string {
  return createHmac('sha256', secret).update('mcpr-internal-v1').digest('base64url');
}

/** Constant-time check of an internal token. */
export function isInternalServiceToken(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const expected = Buffer.from(internalServiceToken(secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
