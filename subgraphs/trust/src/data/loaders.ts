import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/knex';
import { selectPlainRows, type PlainRow } from '@mcpr/platform';
import {
  NamespaceOwnerEntity,
  PublisherKeyEntity,
  ScannedVersionEntity,
  TrustServerEntity,
} from './entities';

/** Trust's row of a server, as plain data (not a managed entity). */
export type TrustServerRow = PlainRow<TrustServerEntity>;

/** One row per key (or null), in the order of `keys` (DataLoader's contract). */
function indexBy<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const byKey = new Map<K, V>(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * Per-request batching loaders: the gateway resolves `trust` for a page of servers and `scan` for their
 * versions in one `_entities` call each, which then costs one query per kind instead of one per entity.
 * They share the request's EntityManager (its identity map deduplicates rows).
 */
export function createTrustLoaders(em: EntityManager) {
  return {
    // Plain rows: these only feed `trust` (every search's `_entities` batch) and signer lookups.
    serverById: new DataLoader<string, TrustServerRow | null>(async (ids) =>
      indexBy(ids, await selectPlainRows(em, TrustServerEntity, { id: { $in: [...ids] } }), (row) => row.id),
    ),
    serverByName: new DataLoader<string, TrustServerRow | null>(async (names) =>
      indexBy(
        names,
        await selectPlainRows(em, TrustServerEntity, { name: { $in: [...names] } }),
        (row) => row.name,
      ),
    ),
    versionById: new DataLoader<string, ScannedVersionEntity | null>(async (ids) =>
      indexBy(ids, await em.find(ScannedVersionEntity, { id: { $in: [...ids] } }), (row) => row.id),
    ),
    /**
     * The version string only, as plain rows kept out of the identity map: `Trust.evaluatedVersion` needs no
     * scan report, and a partly loaded entity there would be served to `scan` later in the same request.
     */
    versionLabelById: new DataLoader<string, string | null>(async (ids) => {
      const rows = await em
        .createQueryBuilder(ScannedVersionEntity)
        .select(['id', 'version'])
        .where({ id: { $in: [...ids] } })
        .execute<{ id: string; version: string }[]>('all', true);
      return indexBy(ids, rows, (row) => row.id).map((row) => row?.version ?? null);
    }),
    publisherKeyById: new DataLoader<string, PublisherKeyEntity | null>(async (ids) =>
      indexBy(ids, await em.find(PublisherKeyEntity, { id: { $in: [...ids] } }), (row) => row.id),
    ),
    namespaceOwnerByName: new DataLoader<string, NamespaceOwnerEntity | null>(async (names) =>
      indexBy(names, await em.find(NamespaceOwnerEntity, { name: { $in: [...names] } }), (row) => row.name),
    ),
  };
}

export type TrustLoaders = ReturnType<typeof createTrustLoaders>;
