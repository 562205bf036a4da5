import type { IncomingMessage } from 'node:http';
import express from 'express';
import { ANONYMOUS, type Principal } from '@mcpr/platform';
import type { KeyVerifier } from '../auth/key-verifier';

/** graphql-ws close codes used by the endpoint. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_TRY_AGAIN_LATER = 1013;
export const CLOSE_IDLE = 1000;
export const CLOSE_SLOW_CONSUMER = 4413;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const REASONS: Record<string, string> = {
  malformed: 'The API key is malformed (check for a typo: keys look like mcpr_…).',
  unknown: 'The API key is not known to this registry.',
  expired: 'The API key has expired; create or rotate a key.',
  revoked: 'The API key has been revoked.',
};

export type ConnectionAuth =
  | { ok: true; principal: Principal }
  /** A bad key: close with 4401 and report `auth.failed`. */
  | { ok: false; unavailable: false; reason: string; message: string; keyPrefix?: string }
  /** The registry cannot verify keys right now: close with 1013 so the client retries later. */
  | { ok: false; unavailable: true; message: string };

/**
 * Authenticates a graphql-ws connection by its `connection_init` payload `{ authorization: "Bearer
 * mcpr_…" }`, with the same verifier (and cache) as HTTP: no authorization → anonymous; a malformed,
 * unknown, expired or revoked key → refused, never silent anonymous access.
 */
export async function authenticateConnection(
  params: Readonly<Record<string, unknown>> | undefined,
  clientIp: string | undefined,
  verifier: KeyVerifier,
): Promise<ConnectionAuth> {
  const raw = params?.authorization ?? params?.Authorization;
  if (raw === undefined || raw === null || raw === '') {
    return { ok: true, principal: clientIp ? { ...ANONYMOUS, clientIp } : ANONYMOUS };
  }
  const match = typeof raw === 'string' ? BEARER.exec(raw) : null;
  if (!match) {
    return {
      ok: false,
      unavailable: false,
      reason: 'malformed',
      message: 'The authorization must be "Bearer <api key>".',
    };
  }
  const key = match[1]!;
  let verdict;
  try {
    verdict = await verifier.verify(key);
  } catch {
    return { ok: false, unavailable: true, message: 'API keys cannot be verified right now; retry shortly.' };
  }
  if (!verdict.ok) {
    return {
      ok: false,
      unavailable: false,
      reason: verdict.reason,
      message: REASONS[verdict.reason] ?? 'The API key is not valid.',
      keyPrefix: key.slice(0, 12),
    };
  }
  return { ok: true, principal: { ...verdict.principal, clientIp } };
}

/** TRUST_PROXY as express reads it: a hop count is a number, `true`/`false` booleans, the rest names or CIDRs. */
function trustProxySetting(value: string): string | number | boolean {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

/**
 * The client's address as the HTTP side sees it: express's `req.ip` under the same `trust proxy` setting
 * (TRUST_PROXY, default `loopback`), so rate limits, security events and subscription caps agree on who
 * the client is.
 */
export function clientIpResolver(trustProxy = 'loopback'): (request: IncomingMessage) => string | undefined {
  const app = express();
  app.set('trust proxy', trustProxySetting(trustProxy));
  return (request) => {
    const view = Object.create(app.request, {
      headers: { value: request.headers },
      socket: { value: request.socket },
      connection: { value: request.socket },
    }) as { ip?: string };
    return view.ip;
  };
}
