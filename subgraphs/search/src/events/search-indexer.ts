import type { EventEnvelope, Logger } from '@mcpr/platform';
import { TRUST_TIERS, type ManifestInput, type ServerSignals, type TrustTier } from '../domain/documents';
import type { IndexOutcome, SearchService } from '../domain/hybrid-search';
import { manifestInputOf } from './manifest-input';

/** The event types the search consumer indexes from. */
export const SEARCH_EVENT_TYPES = [
  'version.published',
  'version.status_changed',
  'tier.changed',
  'install.recorded',
] as const;

export interface VersionState {
  versionId: string;
  version: string;
  manifest: ManifestInput;
  status: string;
}

interface ServerState {
  versions: Map<string, VersionState>;
  /** The registry's latest version (its `isLatest` / `latestVersionId`), when known. */
  latestId: string | null;
  /** The version whose documents are in the index. */
  indexedId: string | null;
}

/** One server's indexer state as persisted (versions in publish order). */
export interface ServerSnapshot {
  name: string;
  versions: VersionState[];
  latestId: string | null;
  signals: ServerSignals;
}

/** Where the indexer keeps its state across restarts (the search database; none in unit tests). */
export interface SearchStateStore {
  save(snapshot: ServerSnapshot): Promise<void>;
  loadAll(): Promise<ServerSnapshot[]>;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Keeps the search index in step with registry and trust events. It remembers every published manifest per
 * server (in memory), indexes the registry's latest version, falls back to the newest remaining version when
 * the latest is deleted, removes the server when every version is deleted, and applies tier and install
 * signals. Every handler is idempotent, so at-least-once redelivery is harmless.
 */
export class SearchIndexer {
  private readonly servers = new Map<string, ServerState>();
  private readonly signals = new Map<string, ServerSignals>();

  constructor(
    private readonly service: SearchService,
    private readonly logger: Logger,
    private readonly store?: SearchStateStore,
  ) {}

  /** Rebuilds the index from the persisted state (at start, before consuming). Returns the servers restored. */
  async restore(): Promise<number> {
    if (!this.store) return 0;
    const snapshots = await this.store.loadAll();
    for (const snap of snapshots) {
      this.servers.set(snap.name, {
        versions: new Map(snap.versions.map((v) => [v.versionId, v])),
        latestId: snap.latestId,
        indexedId: null,
      });
      if (snap.signals.tier !== undefined || snap.signals.installs !== undefined)
        this.signals.set(snap.name, snap.signals);
      await this.reindex(snap.name, false);
    }
    return snapshots.length;
  }

  private async persist(name: string): Promise<void> {
    if (!this.store) return;
    const s = this.servers.get(name);
    await this.store.save({
      name,
      versions: s ? [...s.versions.values()] : [],
      latestId: s?.latestId ?? null,
      signals: this.signals.get(name) ?? {},
    });
  }

  /** Applies one event; unknown types and malformed data are ignored. */
  async handle(event: EventEnvelope): Promise<void> {
    const data = event.data;
    const name = str(data.name) ?? event.subject;
    switch (event.type) {
      case 'version.published':
        return this.published(name, data);
      case 'version.status_changed':
        return this.statusChanged(name, data);
      case 'tier.changed': {
        const tier = str(data.tier);
        if (tier && (TRUST_TIERS as readonly string[]).includes(tier))
          await this.updateSignals(name, { tier: tier as TrustTier });
        return;
      }
      case 'install.recorded':
        if (typeof data.installCount === 'number')
          await this.updateSignals(name, { installs: data.installCount });
        return;
      default:
        return;
    }
  }

  /** The version currently indexed for `name` (tests, diagnostics). */
  indexedVersion(name: string): string | undefined {
    const s = this.servers.get(name);
    return s?.indexedId ? s.versions.get(s.indexedId)?.version : undefined;
  }

  private state(name: string): ServerState {
    let s = this.servers.get(name);
    if (!s) this.servers.set(name, (s = { versions: new Map(), latestId: null, indexedId: null }));
    return s;
  }

  private async published(name: string, data: Record<string, unknown>): Promise<void> {
    const versionId = str(data.versionId);
    const manifest = manifestInputOf(data.manifest);
    if (!versionId || !manifest) {
      this.logger.warn({ name }, 'version.published without a usable manifest; not indexed');
      return;
    }
    manifest.name = name;
    const s = this.state(name);
    const previous = s.versions.get(versionId);
    s.versions.set(versionId, {
      versionId,
      version: str(data.version) ?? versionId,
      manifest,
      status: previous?.status ?? 'ACTIVE',
    });
    if (data.isLatest === true || s.latestId === null) s.latestId = versionId;
    await this.persist(name);
    await this.reindex(name, previous !== undefined && s.indexedId === versionId);
  }

  private async statusChanged(name: string, data: Record<string, unknown>): Promise<void> {
    const s = this.servers.get(name);
    if (!s) return;
    const versionId = str(data.versionId);
    const status = str(data.status);
    const v = versionId ? s.versions.get(versionId) : undefined;
    if (v && status) v.status = status;
    if (data.latestVersionId === null || data.serverStatus === 'DELETED') s.latestId = null;
    else if (str(data.latestVersionId)) s.latestId = str(data.latestVersionId)!;
    await this.persist(name);
    await this.reindex(name, false);
  }

  /** The version to index: the registry's latest unless deleted, else the newest version not deleted. */
  private chosen(s: ServerState): VersionState | undefined {
    const latest = s.latestId ? s.versions.get(s.latestId) : undefined;
    if (latest && latest.status !== 'DELETED') return latest;
    if (
      s.latestId === null &&
      s.versions.size > 0 &&
      [...s.versions.values()].every((v) => v.status === 'DELETED')
    )
      return undefined;
    return [...s.versions.values()].reverse().find((v) => v.status !== 'DELETED');
  }

  private async reindex(name: string, force: boolean): Promise<void> {
    const s = this.state(name);
    const target = this.chosen(s);
    if (!target) {
      if (s.indexedId !== null) {
        await this.service.removeServer(name);
        s.indexedId = null;
      }
      return;
    }
    if (!force && s.indexedId === target.versionId) return;
    this.report(name, await this.service.indexManifest(target.manifest, this.signals.get(name) ?? {}));
    s.indexedId = target.versionId;
  }

  private async updateSignals(name: string, change: ServerSignals): Promise<void> {
    const signals = { ...this.signals.get(name), ...change };
    this.signals.set(name, signals);
    await this.persist(name);
    if (this.servers.get(name)?.indexedId) {
      const outcome = await this.service.updateSignals(name, signals);
      if (outcome) this.report(name, outcome);
    }
  }

  private report(name: string, outcome: IndexOutcome): void {
    if (!outcome.keyword)
      throw new Error(`keyword indexing of ${name} failed: ${String(outcome.errors.keyword)}`);
    if (!outcome.vector)
      this.logger.warn(
        { name, err: outcome.errors.vector },
        'vectors not indexed; keyword search only for this server',
      );
  }
}
