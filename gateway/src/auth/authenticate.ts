import type { Request } from 'express';
import { ANONYMOUS, AppError, unavailable, type Principal } from '@mcpr/platform';
import type { KeyVerifier } from './key-verifier';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const REASONS: Record<string, string> = {
  malformed: 'The API key is malformed (check for a typo: keys look like mcpr_…).',
  unknown: 'The API key is not known to this registry.',
  expired: 'The API key has expired; create or rotate a key.',
  revoked: 'The API key has been revoked.',
};

/**
 * Resolves the caller: no Authorization header → anonymous; a bad key → UNAUTHENTICATED, never silent
 * anonymous access; the registry unreachable → UNAVAILABLE.
 */
export async function authenticate(req: Request, verifier: KeyVerifier): Promise<Principal> {
  const clientIp = req.ip;
  const header = req.header('authorization');
  if (!header) return clientIp ? { ...ANONYMOUS, clientIp } : ANONYMOUS;
  const match = BEARER.exec(header);
  if (!match) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <api key>".');
  let verdict;
  try {
    verdict = await verifier.verify(match[1]!);
  } catch {
    throw unavailable('API keys cannot be verified right now (the registry is unavailable); retry shortly.');
  }
  if (!verdict.ok) {
    throw new AppError('UNAUTHENTICATED', REASONS[verdict.reason] ?? 'The API key is not valid.', {
      reason: verdict.reason,
    });
  }
  return { ...verdict.principal, clientIp };
}
