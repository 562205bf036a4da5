import type { EventEnvelope, Logger } from '@mcpr/platform';
import { TRUST_TIERS, type ManifestInput, type ServerSignals, type TrustTier } from '../domain/documents';
import type { IndexOutcome, SearchService } from '../domain/hybrid-search';
import { VectorsPendingError } from '../engines/embedders/deferred-document-embedder';
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

/** When the indexer tries again to store a server's vectors after the embedder or the vector engine failed. */
export interface VectorRetryPolicy {
  /** Delay before the first retry (default 5 s); each further retry waits twice as long… */
  firstDelayMs: number;
  /** …up to this (default 5 minutes). Retries go on while the server stays indexed. */
  maxDelayMs: number;
}

export const DEFAULT_VECTOR_RETRY: VectorRetryPolicy = { firstDelayMs: 5_000, maxDelayMs: 300_000 };

/** A server ranking on the keyword leg alone because storing its vectors failed, and its next retry. */
interface KeywordOnlyState {
  failures: number;
  retry?: NodeJS.Timeout;
}

/** Where the indexer keeps its state across restarts (the search database; none in unit tests). */
export interface SearchStateStore {
  save(snapshot: ServerSnapshot): Promise<void>;
  loadAll(): Promise<ServerSnapshot[]>;
  /** Replaces every row with `snapshots` in one transaction (the `reindex` command). */
  replaceAll(snapshots: ServerSnapshot[]): Promise<void>;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Keeps the search index in step with registry and trust events. It remembers every published manifest per
 * server (in memory), indexes the registry's latest version, falls back to the newest remaining version when
 * the latest is deleted, removes the server when every version is deleted, and applies tier and install
 * signals. Every handler is idempotent, so at-least-once redelivery is harmless.
 *
 * Changes apply one at a time (events, background vector refreshes, reloads share one queue). With a
 * deferred document embedder a handler returns once the keyword documents are indexed (the server is
 * searchable); when its vectors are embedded the server is indexed again, which picks them up.
 */
export class SearchIndexer {
  private readonly servers = new Map<string, ServerState>();
  private readonly signals = new Map<string, ServerSignals>();
  private chain: Promise<void> = Promise.resolve();
  /** Background vector refreshes not finished yet (`settled()` waits for them). */
  private readonly refreshes = new Set<Promise<void>>();
  /** Servers with a vector refresh already waiting, so a burst of pending results refreshes once. */
  private readonly refreshQueued = new Set<string>();
  /**
   * Servers whose last indexing stored no vectors for a reason other than "still embedding" (the embedder
   * or the vector engine failed). They rank on the keyword leg alone until a retry stores their vectors.
   */
  private readonly keywordOnly = new Map<string, KeywordOnlyState>();
  private closed = false;

  constructor(
    private readonly service: SearchService,
    private readonly logger: Logger,
    private readonly store?: SearchStateStore,
    private readonly vectorRetry: VectorRetryPolicy = DEFAULT_VECTOR_RETRY,
  ) {}

  /** Runs `fn` after every change queued before it. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Rebuilds the index from the persisted state (at start, before consuming). Returns the servers restored. */
  restore(): Promise<number> {
    return this.serial(async () => {
      if (!this.store) return 0;
      const snapshots = await this.store.loadAll();
      await this.loadAll(snapshots, false);
      return snapshots.length;
    });
  }

  /**
   * Replaces the whole index with the persisted state (after the `reindex` command rewrote it): every
   * server in the store is indexed again (even when it looks current: the engines may have drifted), and
   * servers missing from the store leave the index.
   */
  reload(): Promise<{ servers: number; removed: number }> {
    return this.serial(async () => {
      if (!this.store) return { servers: 0, removed: 0 };
      const snapshots = await this.store.loadAll();
      const keep = new Set(snapshots.map((s) => s.name));
      let removed = 0;
      for (const name of [...this.servers.keys()]) {
        if (keep.has(name)) continue;
        if (this.servers.get(name)!.indexedId !== null || this.service.getServer(name))
          await this.service.removeServer(name);
        this.servers.delete(name);
        this.signals.delete(name);
        this.forgetVectorFailure(name);
        removed++;
      }
      await this.loadAll(snapshots, true);
      return { servers: snapshots.length, removed };
    });
  }

  /**
   * Loads servers a few at a time: each one's vector lookups wait on the database, so overlapping them makes
   * a start with thousands of servers several times faster. Servers are independent of each other.
   */
  private async loadAll(snapshots: ServerSnapshot[], force: boolean): Promise<void> {
    for (let i = 0; i < snapshots.length; i += 16)
      await Promise.all(snapshots.slice(i, i + 16).map((snap) => this.load(snap, force)));
  }

  private async load(snap: ServerSnapshot, force = false): Promise<void> {
    const indexedId = force ? null : (this.servers.get(snap.name)?.indexedId ?? null);
    this.servers.set(snap.name, {
      versions: new Map(snap.versions.map((v) => [v.versionId, v])),
      latestId: snap.latestId,
      indexedId,
    });
    if (snap.signals.tier !== undefined || snap.signals.installs !== undefined)
      this.signals.set(snap.name, snap.signals);
    else this.signals.delete(snap.name);
    if (force && this.chosen(this.servers.get(snap.name)!) === undefined && this.service.getServer(snap.name))
      await this.service.removeServer(snap.name);
    await this.reindex(snap.name, force);
  }

  /** Resolves when every queued change and every background vector refresh has finished. */
  async settled(): Promise<void> {
    for (;;) {
      await this.chain;
      if (this.refreshes.size === 0) return;
      await Promise.allSettled([...this.refreshes]);
    }
  }

  /** Stops background refreshes and retries, and waits for the change in progress. */
  async close(): Promise<void> {
    this.closed = true;
    for (const state of this.keywordOnly.values()) clearTimeout(state.retry);
    await this.chain;
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

  /** Applies one event (after the changes queued before it); unknown types and malformed data are ignored. */
  handle(event: EventEnvelope): Promise<void> {
    return this.serial(() => this.apply(event));
  }

  private async apply(event: EventEnvelope): Promise<void> {
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

  /** Servers with a version in the index. */
  get serverCount(): number {
    let n = 0;
    for (const s of this.servers.values()) if (s.indexedId !== null) n++;
    return n;
  }

  /**
   * Indexed servers that have no vectors because embedding or the vector engine failed (not those still
   * embedding). Anything above 0 means semantic search is incomplete; it is on /stats and /metrics.
   */
  get serversWithoutVectors(): number {
    let n = 0;
    for (const name of this.keywordOnly.keys()) if (this.servers.get(name)?.indexedId) n++;
    return n;
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
      this.forgetVectorFailure(name);
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
    if (outcome.vector) {
      this.vectorsStored(name);
      return;
    }
    if (outcome.errors.vector instanceof VectorsPendingError) {
      // Still embedding: not a failure (yet). A failure counts from the retry's own outcome.
      this.refreshWhenReady(name, outcome.errors.vector.ready);
      return;
    }
    this.vectorsFailed(name, outcome.errors.vector);
  }

  private vectorsStored(name: string): void {
    const failures = this.keywordOnly.get(name)?.failures;
    if (this.forgetVectorFailure(name))
      this.logger.info({ name, failures }, 'vectors indexed after a failure');
  }

  /** Drops a server's failure state and its pending retry; true when it had one. */
  private forgetVectorFailure(name: string): boolean {
    const state = this.keywordOnly.get(name);
    if (!state) return false;
    clearTimeout(state.retry);
    this.keywordOnly.delete(name);
    return true;
  }

  /**
   * Keeps the server on the keyword leg and schedules another attempt (with backoff): an outage of the
   * embedder or the vector engine must not leave servers without vectors until their next publish.
   */
  private vectorsFailed(name: string, error: unknown): void {
    let state = this.keywordOnly.get(name);
    if (!state) this.keywordOnly.set(name, (state = { failures: 0 }));
    state.failures++;
    clearTimeout(state.retry);
    const { firstDelayMs, maxDelayMs } = this.vectorRetry;
    const delayMs = Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(state.failures - 1, 30));
    this.logger.warn(
      { name, err: error, failures: state.failures, retryInMs: delayMs },
      'vectors not indexed; keyword search only for this server until a retry succeeds',
    );
    if (this.closed) return; // close() has cleared the timers; a change finishing after it adds none
    state.retry = setTimeout(() => {
      state.retry = undefined;
      void this.serial(async () => {
        // Closed, gone from the index, or stored by a change since: nothing to retry.
        if (this.closed || !this.servers.get(name)?.indexedId || this.keywordOnly.get(name) !== state) return;
        await this.reindex(name, true);
      }).catch((retryError: unknown) => this.logger.error({ name, err: retryError }, 'vector retry failed'));
    }, delayMs);
    state.retry.unref();
  }

  /** Indexes `name` again once its vectors are embedded (they are then found, and persisted). */
  private refreshWhenReady(name: string, ready: Promise<void>): void {
    if (this.refreshQueued.has(name)) return;
    this.refreshQueued.add(name);
    const refresh = ready
      .then(
        () =>
          this.serial(async () => {
            this.refreshQueued.delete(name);
            if (this.closed || !this.servers.get(name)?.indexedId) return;
            await this.reindex(name, true);
          }),
        (error: unknown) => {
          this.refreshQueued.delete(name);
          if (!this.closed && this.servers.get(name)?.indexedId) this.vectorsFailed(name, error);
        },
      )
      .catch((error: unknown) => {
        this.logger.error({ name, err: error }, 'vector refresh failed');
      })
      .finally(() => this.refreshes.delete(refresh));
    this.refreshes.add(refresh);
  }
}
