import express, { type Express } from 'express';
import type { EntityManager } from '@mikro-orm/knex';
import {
  dependencyOutage,
  INTERNAL_TOKEN_HEADER,
  isInternalServiceToken,
  type Logger,
  type Orm,
} from '@mcpr/platform';
import { verifyApiKey } from '../domain/api-keys';

/** Path of the gateway's key lookup. Not part of the supergraph. */
export const VERIFY_KEY_PATH = '/internal/keys/verify';

export interface VerifyKeyRouteDeps {
  orm: Orm;
  gatewayTokenSecret: string;
  logger: Logger;
  now?: () => Date;
}

/**
 * `POST /internal/keys/verify` with `{ key }`, for the gateway only (header `x-mcpr-internal-token`,
 * else 401). Answers 200 `{ ok: true, principal }` or 200 `{ ok: false, reason }` with reason
 * `malformed | unknown | expired | revoked`; a malformed key never reaches the database.
 */
export function mountVerifyKeyRoute(app: Express, deps: VerifyKeyRouteDeps): void {
  const now = deps.now ?? (() => new Date());
  app.post(VERIFY_KEY_PATH, express.json({ limit: '4kb' }), async (req, res) => {
    if (!isInternalServiceToken(req.header(INTERNAL_TOKEN_HEADER), deps.gatewayTokenSecret)) {
      res.status(401).json({ ok: false, error: 'internal token required' });
      return;
    }
    const presented: unknown = (req.body as { key?: unknown } | undefined)?.key;
    try {
      const em = deps.orm.em.fork() as unknown as EntityManager;
      res.json(await verifyApiKey(em, presented, now()));
    } catch (error) {
      // A database outage is expected and reported by /ready; one error line per key check would drown the logs.
      if (dependencyOutage(error))
        deps.logger.warn({ err: error }, 'key verification failed: dependency unavailable');
      else deps.logger.error({ err: error }, 'key verification failed');
      res.status(503).json({ ok: false, error: 'unavailable' });
    }
  });
}
