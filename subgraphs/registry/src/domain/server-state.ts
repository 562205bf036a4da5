import type { EntityManager } from '@mikro-orm/knex';
import { ServerVersionEntity, type ServerEntity } from '../data/entities';
import { pickLatest, serverStatusOf } from './versions';

/** The server-level fields a manifest contributes (denormalised onto the server row from its latest version). */
export interface ServerFields {
  title: string | null;
  description: string;
  websiteUrl: string | null;
  repository: Record<string, unknown> | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the server-level fields from a stored (already validated) manifest. */
export function serverFieldsOf(manifest: Record<string, unknown>): ServerFields {
  return {
    title: typeof manifest.title === 'string' ? manifest.title : null,
    description: typeof manifest.description === 'string' ? manifest.description : '',
    websiteUrl: typeof manifest.websiteUrl === 'string' ? manifest.websiteUrl : null,
    repository: isRecord(manifest.repository) ? manifest.repository : null,
  };
}

/**
 * Recomputes `isLatest` over all of a server's versions and the server's denormalised status, latest
 * version and metadata, inside the caller's transaction. Returns the latest version (if any).
 */
export async function refreshServerState(
  em: EntityManager,
  server: ServerEntity,
  now: Date,
): Promise<ServerVersionEntity | undefined> {
  const versions = await em.find(ServerVersionEntity, { serverId: server.id });
  const latest = pickLatest(versions);
  for (const version of versions) {
    const isLatest = version === latest;
    if (version.isLatest !== isLatest) version.isLatest = isLatest;
  }
  server.status = serverStatusOf(latest);
  server.latestVersionId = latest?.id ?? null;
  // Metadata follows the latest version; a server whose versions are all deleted keeps its last metadata.
  if (latest) Object.assign(server, serverFieldsOf(latest.manifest));
  server.updatedAt = now;
  return latest;
}
