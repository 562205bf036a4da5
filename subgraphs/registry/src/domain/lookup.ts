import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { ServerEntity, ServerVersionEntity } from '../data/entities';
import { LATEST_ALIAS } from './versions';

/**
 * A server by its full name, or null. With `lock` (inside a transaction) the row is locked FOR UPDATE
 * on PostgreSQL, so commands that recompute `isLatest` for a server run one after the other (SQLite
 * serialises writers anyway).
 */
export function findServerByName(
  em: EntityManager,
  name: string,
  options: { lock?: boolean } = {},
): Promise<ServerEntity | null> {
  return em.findOne(ServerEntity, { name }, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
}

/** A version of a server by its version string, or the latest one for `"latest"`. */
export async function findVersionOf(
  em: EntityManager,
  server: ServerEntity,
  version: string,
): Promise<ServerVersionEntity | null> {
  if (version === LATEST_ALIAS) {
    return server.latestVersionId ? em.findOne(ServerVersionEntity, { id: server.latestVersionId }) : null;
  }
  return em.findOne(ServerVersionEntity, { serverId: server.id, version });
}

/** `serverVersion(name, version)`: null when the server or the version is unknown. */
export async function findServerVersion(
  em: EntityManager,
  name: string,
  version: string,
): Promise<ServerVersionEntity | null> {
  const server = await findServerByName(em, name);
  return server ? findVersionOf(em, server, version) : null;
}
