import { AppError, decodeCursor, encodeCursor, VersionStatus } from '@mcpr/platform';
import type { EntityManager } from '@mikro-orm/knex';
import { NamespaceEntity, ServerEntity, type ServerVersionEntity } from '../data/entities';

export interface ServerFilter {
  namespace?: string | null;
  status?: VersionStatus | null;
  nameContains?: string | null;
  updatedSince?: Date | null;
}

export interface ServerPage {
  servers: ServerEntity[];
  hasNextPage: boolean;
  totalCount: number;
}

const SERVER_CURSOR = 'server';

/** The opaque cursor of a server in `listServers` (its name: the order key, unique). */
export const serverCursor = (server: Pick<ServerEntity, 'name'>): string =>
  encodeCursor(SERVER_CURSOR, server.name);

/** Escapes LIKE wildcards with `!` (an ESCAPE character both dialects accept). */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/**
 * A page of servers ordered by name. Deleted servers are left out unless `filter.status` is DELETED.
 * `totalCount` counts every server matching the filter (not just this page).
 */
export async function listServers(
  em: EntityManager,
  page: { first: number; after?: string | null; filter?: ServerFilter | null },
): Promise<ServerPage> {
  const filter = page.filter ?? {};
  let afterName: string | undefined;
  if (page.after) {
    afterName = decodeCursor<string>(SERVER_CURSOR, page.after);
    if (typeof afterName !== 'string')
      throw new AppError('BAD_USER_INPUT', 'The `after` cursor is not valid.');
  }
  let namespaceId: string | undefined;
  if (filter.namespace) {
    const namespace = await em.findOne(NamespaceEntity, { name: filter.namespace });
    if (!namespace) return { servers: [], hasNextPage: false, totalCount: 0 };
    namespaceId = namespace.id;
  }

  const filtered = (alias: string) => {
    const qb = em.createQueryBuilder(ServerEntity, alias);
    qb.where(filter.status ? { status: filter.status } : { status: { $ne: VersionStatus.DELETED } });
    if (namespaceId) qb.andWhere({ namespaceId });
    if (filter.updatedSince) qb.andWhere({ updatedAt: { $gte: filter.updatedSince } });
    if (filter.nameContains)
      qb.andWhere(`lower(${alias}.name) like ? escape '!'`, [likeContains(filter.nameContains)]);
    return qb;
  };

  const rowsQuery = filtered('s')
    .orderBy({ name: 'asc' })
    .limit(page.first + 1);
  if (afterName !== undefined) rowsQuery.andWhere({ name: { $gt: afterName } });
  const rows = await rowsQuery.getResultList();
  const totalCount = await filtered('c').getCount();
  return { servers: rows.slice(0, page.first), hasNextPage: rows.length > page.first, totalCount };
}

const VERSION_CURSOR = 'version';

/** The opaque cursor of a version in `Server.versions`. */
export const versionCursor = (version: Pick<ServerVersionEntity, 'id'>): string =>
  encodeCursor(VERSION_CURSOR, version.id);

/**
 * A page of a server's versions (already loaded, newest first, through the request's DataLoader so
 * a list of servers costs one query for all their versions).
 */
export function pageOfVersions(
  versions: readonly ServerVersionEntity[],
  page: { first: number; after?: string | null },
): { versions: ServerVersionEntity[]; hasNextPage: boolean; totalCount: number } {
  let start = 0;
  if (page.after) {
    const afterId = decodeCursor<string>(VERSION_CURSOR, page.after);
    if (typeof afterId !== 'string') throw new AppError('BAD_USER_INPUT', 'The `after` cursor is not valid.');
    const index = versions.findIndex((version) => version.id === afterId);
    start = index < 0 ? versions.length : index + 1;
  }
  const slice = versions.slice(start, start + page.first);
  return { versions: slice, hasNextPage: start + page.first < versions.length, totalCount: versions.length };
}
