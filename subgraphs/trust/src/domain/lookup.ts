import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { ScannedVersionEntity, TrustServerEntity } from '../data/entities';
import { LATEST_ALIAS } from './versions';

/**
 * A server by name, or null. With `lock` (inside a transaction) the row is locked FOR UPDATE on
 * PostgreSQL, so tier evaluations of one server run one after the other (SQLite serialises writers).
 */
export function findServerByName(
  em: EntityManager,
  name: string,
  options: { lock?: boolean } = {},
): Promise<TrustServerEntity | null> {
  return em.findOne(
    TrustServerEntity,
    { name },
    options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
}

/** A server by id, optionally locked (see {@link findServerByName}). */
export function findServerById(
  em: EntityManager,
  id: string,
  options: { lock?: boolean } = {},
): Promise<TrustServerEntity | null> {
  return em.findOne(TrustServerEntity, { id }, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
}

/** A version of a server by its version string; `"latest"` or null/undefined mean the latest. */
export async function findVersionOf(
  em: EntityManager,
  server: TrustServerEntity,
  version: string | null | undefined,
): Promise<ScannedVersionEntity | null> {
  if (version === null || version === undefined || version === LATEST_ALIAS) {
    return server.latestVersionId ? em.findOne(ScannedVersionEntity, { id: server.latestVersionId }) : null;
  }
  return em.findOne(ScannedVersionEntity, { serverId: server.id, version });
}

/** What ordering and review chains need of a version, without its manifest. */
export type VersionSummary = Pick<
  ScannedVersionEntity,
  'id' | 'serverId' | 'version' | 'isSemver' | 'status' | 'publishedAt' | 'toolsetHash'
>;

/**
 * Every version of a server without manifests and findings (a server may have hundreds of versions, and
 * installs re-evaluate the tier each time). Read outside the identity map: partial rows must never stand
 * in for full ones later in the same unit of work.
 */
export async function versionSummaries(em: EntityManager, serverId: string): Promise<VersionSummary[]> {
  const rows = await em.find(
    ScannedVersionEntity,
    { serverId },
    {
      fields: ['id', 'serverId', 'version', 'isSemver', 'status', 'publishedAt', 'toolsetHash'],
      disableIdentityMap: true,
    },
  );
  return rows.map((row) => ({
    id: row.id,
    serverId: row.serverId,
    version: row.version,
    isSemver: row.isSemver,
    status: row.status,
    publishedAt: row.publishedAt,
    toolsetHash: row.toolsetHash,
  }));
}
