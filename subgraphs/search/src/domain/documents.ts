/**
 * What the search subgraph indexes: one document per tool and one per server, built from a published
 * manifest (official server.json plus our `tools[]` / `categories` extension).
 */
import { createHash } from 'node:crypto';

/** Trust tiers, lowest first. The string values match the shared `TrustTier` enum of the platform. */
export type TrustTier = 'UNVERIFIED' | 'COMMUNITY_TRUSTED' | 'SECURITY_AUDITED' | 'CERTIFIED';
export const TRUST_TIERS: readonly TrustTier[] = [
  'UNVERIFIED',
  'COMMUNITY_TRUSTED',
  'SECURITY_AUDITED',
  'CERTIFIED',
];

/** Rank of a tier (0 = unverified), for `minTier` filters. */
export function tierRank(tier: TrustTier): number {
  return TRUST_TIERS.indexOf(tier);
}

export interface ToolParam {
  name: string;
  description?: string;
}

/** Fields shared by tool and server documents that filters and boosts read. */
export interface IndexedMetadata {
  /** Server name, `namespace/name` (e.g. `io.github.acme/postgres`). */
  serverName: string;
  /** The part of the server name before the slash. */
  namespace: string;
  categories: string[];
  tier: TrustTier;
  installs: number;
  /** Package registry types (`npm`, `pypi`, `oci`, ...). */
  registryTypes: string[];
  /** Transports the server offers (`stdio`, `streamable-http`, `sse`). */
  transports: string[];
  /** Runtime hints derived from packages (`npx`, `uvx`, `docker`, `node`, `python`, ...). */
  runtimes: string[];
}

export interface ToolDocument extends IndexedMetadata {
  /** `serverName::toolName`. */
  id: string;
  toolName: string;
  title?: string;
  description: string;
  params: ToolParam[];
  serverTitle?: string;
  serverDescription: string;
}

export interface ServerDocument extends IndexedMetadata {
  /** The server name. */
  id: string;
  title?: string;
  description: string;
  /** Tool names and descriptions, so that a server matches what its tools do. */
  tools: { name: string; title?: string; description: string }[];
}

/** The manifest shape the builders read: a subset of the registry's `ServerVersion`. */
export interface ManifestInput {
  name: string;
  description: string;
  title?: string;
  packages?: {
    registryType?: string;
    identifier?: string;
    runtimeHint?: string;
    transport?: { type?: string };
  }[];
  remotes?: { type?: string; url?: string }[];
  tools?: { name: string; title?: string; description?: string; inputSchema?: unknown }[];
  categories?: string[];
}

/** Signals owned by other subgraphs (trust tier, install counts) that the search index denormalises. */
export interface ServerSignals {
  tier?: TrustTier;
  installs?: number;
}

const DEFAULT_RUNTIME: Record<string, string> = { npm: 'npx', pypi: 'uvx', oci: 'docker', nuget: 'dnx' };

/** Parameters of a JSON Schema `properties` object, nested objects flattened as `parent.child`. */
export function schemaParams(schema: unknown, prefix = '', depth = 0): ToolParam[] {
  if (!schema || typeof schema !== 'object' || depth > 2) return [];
  const props = (schema as { properties?: unknown }).properties;
  if (!props || typeof props !== 'object') return [];
  const out: ToolParam[] = [];
  for (const [name, def] of Object.entries(props as Record<string, unknown>)) {
    const full = prefix ? `${prefix}.${name}` : name;
    const description =
      def && typeof def === 'object' && typeof (def as { description?: unknown }).description === 'string'
        ? ((def as { description: string }).description as string)
        : undefined;
    out.push(description ? { name: full, description } : { name: full });
    out.push(...schemaParams(def, full, depth + 1));
  }
  return out;
}

function metadataOf(manifest: ManifestInput, signals: ServerSignals): IndexedMetadata {
  const packages = manifest.packages ?? [];
  const registryTypes = unique(packages.map((p) => p.registryType?.toLowerCase()).filter(isString));
  const transports = unique([
    ...packages.map((p) => p.transport?.type?.toLowerCase()).filter(isString),
    ...(manifest.remotes ?? []).map((r) => r.type?.toLowerCase()).filter(isString),
  ]);
  const runtimes = unique(
    packages
      .map(
        (p) =>
          p.runtimeHint?.toLowerCase() ??
          (p.registryType ? DEFAULT_RUNTIME[p.registryType.toLowerCase()] : undefined),
      )
      .filter(isString),
  );
  const slash = manifest.name.indexOf('/');
  return {
    serverName: manifest.name,
    namespace: slash > 0 ? manifest.name.slice(0, slash) : manifest.name,
    categories: unique((manifest.categories ?? []).map((c) => c.trim()).filter(Boolean)),
    tier: signals.tier ?? 'UNVERIFIED',
    installs: signals.installs ?? 0,
    registryTypes,
    transports,
    runtimes,
  };
}

/** One document per tool of the manifest. */
export function buildToolDocuments(manifest: ManifestInput, signals: ServerSignals = {}): ToolDocument[] {
  const meta = metadataOf(manifest, signals);
  return (manifest.tools ?? []).map((tool) => ({
    ...meta,
    id: toolId(manifest.name, tool.name),
    toolName: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    description: tool.description ?? '',
    params: schemaParams(tool.inputSchema),
    ...(manifest.title ? { serverTitle: manifest.title } : {}),
    serverDescription: manifest.description ?? '',
    categories: [...meta.categories],
  }));
}

/** The server document of the manifest. */
export function buildServerDocument(manifest: ManifestInput, signals: ServerSignals = {}): ServerDocument {
  const meta = metadataOf(manifest, signals);
  return {
    ...meta,
    id: manifest.name,
    ...(manifest.title ? { title: manifest.title } : {}),
    description: manifest.description ?? '',
    tools: (manifest.tools ?? []).map((t) => ({
      name: t.name,
      ...(t.title ? { title: t.title } : {}),
      description: t.description ?? '',
    })),
  };
}

export function toolId(serverName: string, toolName: string): string {
  return `${serverName}::${toolName}`;
}

/** Applies new trust/install signals to already built documents (trust events arrive after publish). */
export function withSignals<T extends IndexedMetadata>(doc: T, signals: ServerSignals): T {
  return { ...doc, tier: signals.tier ?? doc.tier, installs: signals.installs ?? doc.installs };
}

/** Stable hash of text, for the "embed once per content" cache. */
export function contentHash(text: string, embedderId: string): string {
  return createHash('sha256').update(embedderId).update('\0').update(text).digest('hex');
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
function isString(x: string | undefined): x is string {
  return typeof x === 'string' && x.length > 0;
}
