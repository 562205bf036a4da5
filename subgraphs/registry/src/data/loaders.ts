import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/knex';
import { selectPlainRows, type PlainRow } from '@mcpr/platform';
import { AccountEntity, NamespaceEntity, ServerEntity, ServerVersionEntity, ToolEntity } from './entities';
import {
  createRegistryReadCache,
  namespaceRow,
  readThrough,
  toolRow,
  type NamespaceRow,
  type RegistryReadCache,
  type ToolRow,
} from './read-cache';

/** A server as stored, as plain data (not a managed entity). */
export type ServerRow = PlainRow<ServerEntity>;

/** Groups rows by a key, in the order of `keys` (DataLoader's contract). */
function groupBy<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** One row per key (or null), in the order of `keys`. */
function indexBy<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const byKey = new Map<K, V>(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * Per-request batching loaders: every field that would cost a query per parent (a list of 50 servers
 * with their namespace, latest version, its tools and all versions) costs one query per kind instead.
 * They share the request's EntityManager, so entities are also deduplicated by its identity map. Rows that
 * never change once committed (tools, namespaces) come from the process-wide `cache` when it holds them;
 * without one (tests), every request reads the database.
 */
export function createRegistryLoaders(
  em: EntityManager,
  cache: RegistryReadCache = createRegistryReadCache(),
) {
  return {
    // Plain rows: servers are only read through these (every search's `_entities` batch comes here).
    serverById: new DataLoader<string, ServerRow | null>(async (ids) =>
      indexBy(ids, await selectPlainRows(em, ServerEntity, { id: { $in: [...ids] } }), (row) => row.id),
    ),
    serverByName: new DataLoader<string, ServerRow | null>(async (names) =>
      indexBy(
        names,
        await selectPlainRows(em, ServerEntity, { name: { $in: [...names] } }),
        (row) => row.name,
      ),
    ),
    versionById: new DataLoader<string, ServerVersionEntity | null>(async (ids) =>
      indexBy(ids, await em.find(ServerVersionEntity, { id: { $in: [...ids] } }), (row) => row.id),
    ),
    /** Every version of each server, newest first. */
    versionsByServerId: new DataLoader<string, ServerVersionEntity[]>(async (serverIds) =>
      groupBy(
        serverIds,
        await em.find(
          ServerVersionEntity,
          { serverId: { $in: [...serverIds] } },
          { orderBy: { publishedAt: 'desc', id: 'desc' } },
        ),
        (row) => row.serverId,
      ),
    ),
    latestVersionByServerId: new DataLoader<string, ServerVersionEntity | null>(async (serverIds) =>
      indexBy(
        serverIds,
        await em.find(ServerVersionEntity, { serverId: { $in: [...serverIds] }, isLatest: true }),
        (row) => row.serverId,
      ),
    ),
    /** Tools of each version in declaration order. */
    toolsByVersionId: new DataLoader<string, readonly ToolRow[]>(async (versionIds) =>
      (
        await readThrough(cache.toolsByVersionId, versionIds, async (missing) => {
          const rows = await em.find(
            ToolEntity,
            { versionId: { $in: missing } },
            { orderBy: { position: 'asc' } },
          );
          const groups = groupBy(missing, rows.map(toolRow), (row) => row.versionId);
          return new Map(missing.map((id, i) => [id, groups[i]!]));
        })
      ).map((tools) => tools ?? []),
    ),
    namespaceById: new DataLoader<string, NamespaceRow | null>(async (ids) =>
      (
        await readThrough(cache.namespaceById, ids, async (missing) => {
          const rows = await em.find(NamespaceEntity, { id: { $in: missing } });
          return new Map(rows.map((row) => [row.id, namespaceRow(row)]));
        })
      ).map((row) => row ?? null),
    ),
    accountById: new DataLoader<string, AccountEntity | null>(async (ids) =>
      indexBy(ids, await em.find(AccountEntity, { id: { $in: [...ids] } }), (row) => row.id),
    ),
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
