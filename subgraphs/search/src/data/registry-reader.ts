import { TRUST_TIERS, type TrustTier } from '../domain/documents';
import type { ServerSnapshot, VersionState } from '../events/search-indexer';
import { manifestInputOf } from '../events/manifest-input';

/**
 * Reads what search indexes from the registry through the gateway's public GraphQL API with an ADMIN key
 * (the supported way in: subgraphs answer only gateway-signed requests, and the registry's database
 * belongs to the registry): every server that is not deleted, its versions, tier and install count.
 */

/** One page of a server's versions, with what indexing needs of each. */
const VERSION_PAGE =
  'pageInfo { hasNextPage endCursor } edges { node { id version isLatest status manifest } }';

const SERVERS = /* GraphQL */ `
  query ReindexServers($first: Int, $after: String, $versions: Int) {
    servers(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          name
          installCount
          trust {
            tier
          }
          versions(first: $versions) {
            ${VERSION_PAGE}
          }
        }
      }
    }
  }
`;

const MORE_VERSIONS = /* GraphQL */ `
  query ReindexVersions($name: String!, $first: Int, $after: String) {
    server(name: $name) {
      versions(first: $first, after: $after) {
        ${VERSION_PAGE}
      }
    }
  }
`;

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface VersionNode {
  id: string;
  version: string;
  isLatest: boolean;
  status: string;
  manifest: unknown;
}
interface VersionPage {
  pageInfo: PageInfo;
  edges: { node: VersionNode }[];
}
interface ServerNode {
  name: string;
  installCount: number;
  trust: { tier: string } | null;
  versions: VersionPage;
}

export interface RegistryReaderOptions {
  /** Gateway base URL (without /graphql). */
  gatewayUrl: string;
  /** An API key with the ADMIN scope. */
  apiKey: string;
  /** Servers per page. */
  pageSize?: number;
  /** Called after each page with the servers read so far. */
  onProgress?: (servers: number) => void;
}

export class RegistryReadError extends Error {}

/** Posts one operation to the gateway; retries after `Retry-After` when rate limited. */
async function graphql<T>(options: RegistryReaderOptions, query: string, variables: object): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${options.gatewayUrl.replace(/\/$/, '')}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify({ query, variables }),
    });
    if (response.status === 429 && attempt < 10) {
      const wait = Number(response.headers.get('retry-after') ?? '1');
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait) * 1000));
      continue;
    }
    const body = (await response.json().catch(() => undefined)) as
      | { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }
      | undefined;
    if (body?.errors?.length) {
      const e = body.errors[0]!;
      throw new RegistryReadError(`gateway: ${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
    }
    if (!response.ok || !body?.data) throw new RegistryReadError(`gateway answered HTTP ${response.status}`);
    return body.data;
  }
}

/** Turns one registry server (versions newest first) into the indexer's snapshot, or undefined if nothing is left. */
export function snapshotOf(server: ServerNode, versions: VersionNode[]): ServerSnapshot | undefined {
  const kept: VersionState[] = [];
  // The indexer keeps versions in publish order; deleted versions are left out so they never come back.
  for (const v of [...versions].reverse()) {
    if (v.status === 'DELETED') continue;
    const manifest = manifestInputOf(v.manifest);
    if (!manifest) continue;
    manifest.name = server.name;
    kept.push({ versionId: v.id, version: v.version, manifest, status: v.status });
  }
  if (kept.length === 0) return undefined;
  const latest = versions.find((v) => v.isLatest && v.status !== 'DELETED');
  const tier = server.trust?.tier;
  return {
    name: server.name,
    versions: kept,
    latestId: latest && kept.some((k) => k.versionId === latest.id) ? latest.id : null,
    signals: {
      ...(tier && (TRUST_TIERS as readonly string[]).includes(tier) ? { tier: tier as TrustTier } : {}),
      installs: server.installCount,
    },
  };
}

/** Every indexable server of the registry, as indexer snapshots (sorted by name). */
export async function readRegistrySnapshots(options: RegistryReaderOptions): Promise<ServerSnapshot[]> {
  const first = options.pageSize ?? 50;
  const out: ServerSnapshot[] = [];
  let after: string | null = null;
  let read = 0;
  for (;;) {
    const data: { servers: { pageInfo: PageInfo; edges: { node: ServerNode }[] } } = await graphql(
      options,
      SERVERS,
      { first, after, versions: 50 },
    );
    for (const { node } of data.servers.edges) {
      const versions = node.versions.edges.map((e) => e.node);
      let page = node.versions.pageInfo;
      while (page.hasNextPage) {
        const more: { server: { versions: VersionPage } | null } = await graphql(options, MORE_VERSIONS, {
          name: node.name,
          first: 50,
          after: page.endCursor,
        });
        if (!more.server) break;
        versions.push(...more.server.versions.edges.map((e) => e.node));
        page = more.server.versions.pageInfo;
      }
      const snapshot = snapshotOf(node, versions);
      if (snapshot) out.push(snapshot);
    }
    read += data.servers.edges.length;
    options.onProgress?.(read);
    if (!data.servers.pageInfo.hasNextPage || !data.servers.pageInfo.endCursor) break;
    after = data.servers.pageInfo.endCursor;
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
