import { LruCache } from '@mcpr/platform';
import type { NamespaceEntity, ToolEntity } from './entities';

/** A tool as stored, detached from any EntityManager (safe to share between requests). */
export type ToolRow = Pick<
  ToolEntity,
  | 'id'
  | 'versionId'
  | 'position'
  | 'name'
  | 'title'
  | 'description'
  | 'inputSchema'
  | 'outputSchema'
  | 'annotations'
>;

/** A namespace as stored, detached from any EntityManager. */
export type NamespaceRow = Pick<NamespaceEntity, 'id' | 'name' | 'ownerId' | 'createdAt'>;

/**
 * Process-wide cache of rows that never change once committed: a published version's tools (versions are
 * immutable; only their status moves) and namespaces (never renamed or transferred). Nothing has to be
 * invalidated, so it stays correct with several registry processes on one database. Mutable rows
 * (servers, version status, install counts) are never cached. Entries are plain copies: caching entities
 * would keep each request's whole identity map alive.
 */
export interface RegistryReadCache {
  toolsByVersionId: LruCache<string, readonly ToolRow[]>;
  namespaceById: LruCache<string, NamespaceRow>;
}

export function createRegistryReadCache(capacity = 10_000): RegistryReadCache {
  return { toolsByVersionId: new LruCache(capacity), namespaceById: new LruCache(capacity) };
}

export const toolRow = (row: ToolEntity): ToolRow => ({
  id: row.id,
  versionId: row.versionId,
  position: row.position,
  name: row.name,
  title: row.title,
  description: row.description,
  inputSchema: row.inputSchema,
  outputSchema: row.outputSchema,
  annotations: row.annotations,
});

export const namespaceRow = (row: NamespaceEntity): NamespaceRow => ({
  id: row.id,
  name: row.name,
  ownerId: row.ownerId,
  createdAt: row.createdAt,
});

/**
 * Serves the keys a cache holds and loads only the others (in one batch), storing what it loaded.
 * Keys whose load returns nothing are not cached (a version or namespace committed later must be found).
 */
export async function readThrough<V>(
  cache: LruCache<string, V>,
  keys: readonly string[],
  load: (missing: string[]) => Promise<Map<string, V>>,
): Promise<(V | undefined)[]> {
  const found = keys.map((key) => cache.get(key));
  const missing = keys.filter((_, i) => found[i] === undefined);
  if (missing.length === 0) return found;
  const loaded = await load(missing);
  for (const [key, value] of loaded) cache.set(key, value);
  return keys.map((key, i) => found[i] ?? loaded.get(key));
}
