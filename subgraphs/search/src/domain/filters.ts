import { tierRank, type IndexedMetadata, type TrustTier } from './documents';

/**
 * Filters every engine applies (embedded engines with `matchesFilters`, OpenSearch as `bool.filter` terms,
 * Qdrant as payload conditions). Lists are OR within a field and AND across fields.
 */
export interface SearchFilters {
  categories?: string[];
  /** Lowest acceptable trust tier. */
  minTier?: TrustTier;
  registryTypes?: string[];
  transports?: string[];
  namespaces?: string[];
  /** Only these servers. */
  serverNames?: string[];
  /** Never these servers (e.g. already installed). */
  excludeServerNames?: string[];
}

/** The tiers at or above `minTier`, the form term-based engines filter on. */
export function tiersAtLeast(minTier: TrustTier): TrustTier[] {
  const all: TrustTier[] = ['UNVERIFIED', 'COMMUNITY_TRUSTED', 'SECURITY_AUDITED', 'CERTIFIED'];
  return all.filter((t) => tierRank(t) >= tierRank(minTier));
}

function anyOf(values: string[], wanted: string[] | undefined): boolean {
  if (!wanted || wanted.length === 0) return true;
  return values.some((v) => wanted.includes(v));
}

export function matchesFilters(meta: IndexedMetadata, f: SearchFilters | undefined): boolean {
  if (!f) return true;
  if (f.minTier && tierRank(meta.tier) < tierRank(f.minTier)) return false;
  if (!anyOf(meta.categories, f.categories)) return false;
  if (!anyOf(meta.registryTypes, f.registryTypes)) return false;
  if (!anyOf(meta.transports, f.transports)) return false;
  if (f.namespaces?.length && !f.namespaces.includes(meta.namespace)) return false;
  if (f.serverNames?.length && !f.serverNames.includes(meta.serverName)) return false;
  if (f.excludeServerNames?.includes(meta.serverName)) return false;
  return true;
}

export function hasFilters(f: SearchFilters | undefined): boolean {
  if (!f) return false;
  return Object.values(f).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined));
}
