import type { ServerData, VersionData } from './operations';

/** Where the official registry keeps its metadata, and where ours goes (ARCHITECTURE, contract). */
export const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';
export const OUR_META = 'io.mcpr/registry';
const PUBLISHER_META = 'io.mcpr/publisher-provided';

/** The official schema caps status messages at 500 characters (ours at 1,000). */
const STATUS_MESSAGE_MAX = 500;

/** The official `ServerResponse`: the server.json as published, and registry metadata beside it. */
export interface ServerResponse {
  server: Record<string, unknown>;
  _meta: Record<string, unknown>;
}

function categoriesOf(manifest: Record<string, unknown>): string[] {
  const meta = manifest._meta;
  if (typeof meta !== 'object' || meta === null) return [];
  const block = (meta as Record<string, unknown>)[PUBLISHER_META];
  if (typeof block !== 'object' || block === null) return [];
  const categories = (block as Record<string, unknown>).categories;
  return Array.isArray(categories)
    ? categories.filter((value): value is string => typeof value === 'string')
    : [];
}

/**
 * One version in the official shape: `server` is the stored server.json unchanged; the official block
 * has exactly the official fields (lower-case status); our additions (trust tier, scan status, installs,
 * categories) sit under `_meta["io.mcpr/registry"]`.
 */
export function toServerResponse(
  server: ServerData,
  version: VersionData,
  extra: Record<string, unknown> = {},
): ServerResponse {
  const official: Record<string, unknown> = {
    status: version.status.toLowerCase(),
    publishedAt: version.publishedAt,
    updatedAt: server.updatedAt > version.publishedAt ? server.updatedAt : version.publishedAt,
    isLatest: version.isLatest,
  };
  if (version.statusMessage) official.statusMessage = version.statusMessage.slice(0, STATUS_MESSAGE_MAX);
  const ours: Record<string, unknown> = {
    installs: server.installCount,
    categories: categoriesOf(version.manifest),
    ...(server.trust ? { tier: server.trust.tier.toLowerCase(), trustScore: server.trust.score } : {}),
    ...(version.scan ? { scanStatus: version.scan.status.toLowerCase() } : {}),
    ...extra,
  };
  return { server: version.manifest, _meta: { [OFFICIAL_META]: official, [OUR_META]: ours } };
}

/** JSON path segments (`['packages','0','url']`) in the official style: `packages[0].url`. */
export function officialPath(path: readonly string[]): string {
  let out = '';
  for (const segment of path) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}
