import type { Embedder, EmbedPurpose } from '../../domain/embedder';

/**
 * Thrown by `DeferredDocumentEmbedder` for texts it has not embedded yet: their embedding is queued and
 * `ready` settles when it is done (then indexing the same texts again finds their vectors).
 */
export class VectorsPendingError extends Error {
  constructor(
    readonly ready: Promise<void>,
    readonly texts: number,
  ) {
    super(`${texts} document texts are being embedded; vectors follow`);
    this.name = 'VectorsPendingError';
  }
}

export interface DeferredEmbedderOptions {
  /** Texts per call to the inner embedder. */
  batchSize?: number;
  /** Calls to the inner embedder in flight at once. */
  concurrency?: number;
  /** Embedded vectors kept until indexing collects them (oldest dropped beyond this). */
  maxReady?: number;
}

interface Waiting {
  text: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Takes document embedding off the indexing path: `embed(texts, 'document')` returns vectors it already
 * has, and otherwise queues the missing texts for background embedding and throws `VectorsPendingError`.
 * The search service then indexes the keyword documents at once (a server is searchable) and reports the
 * vector leg as pending; the indexer indexes the server again when `ready` settles, and the vectors are
 * collected (and persisted by content hash) then. Queries pass straight through to the inner embedder.
 */
export class DeferredDocumentEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;
  private readonly ready = new Map<string, Float32Array>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly queue: Waiting[] = [];
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxReady: number;
  private running = 0;
  private readonly batches = new Set<Promise<void>>();
  private closed = false;
  /** Texts embedded in the background, and texts whose embedding failed. */
  embedded = 0;
  failed = 0;

  constructor(
    private readonly inner: Embedder,
    options: DeferredEmbedderOptions = {},
  ) {
    this.id = inner.id;
    this.dimension = inner.dimension;
    this.batchSize = Math.max(1, options.batchSize ?? 8);
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.maxReady = Math.max(1, options.maxReady ?? 20_000);
  }

  /** Texts waiting for or under embedding. */
  get pending(): number {
    return this.inflight.size;
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    if (purpose === 'query') return this.inner.embed(texts, purpose);
    const missing = [...new Set(texts.filter((t) => !this.ready.has(t)))];
    if (missing.length === 0) {
      const out = texts.map((t) => this.ready.get(t)!);
      // Collected: the caller persists them; keep memory for what is still uncollected.
      for (const t of texts) this.ready.delete(t);
      return out;
    }
    if (this.closed) throw new Error('document embedder is closed');
    const ready = Promise.all(missing.map((t) => this.schedule(t))).then(() => undefined);
    // The caller may drop the error (e.g. a re-index superseded it); never leave an unhandled rejection.
    ready.catch(() => undefined);
    throw new VectorsPendingError(ready, missing.length);
  }

  private schedule(text: string): Promise<void> {
    const existing = this.inflight.get(text);
    if (existing) return existing;
    const p = new Promise<void>((resolve, reject) => this.queue.push({ text, resolve, reject }));
    p.catch(() => undefined);
    this.inflight.set(text, p);
    this.pump();
    return p;
  }

  private pump(): void {
    while (!this.closed && this.running < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      this.running++;
      const run = this.inner
        .embed(
          batch.map((w) => w.text),
          'document',
        )
        .then(
          (vectors) => {
            batch.forEach((w, i) => this.keep(w.text, vectors[i]!));
            this.embedded += batch.length;
            for (const w of batch) this.inflight.delete(w.text);
            for (const w of batch) w.resolve();
          },
          (error: unknown) => {
            this.failed += batch.length;
            for (const w of batch) this.inflight.delete(w.text);
            const err = error instanceof Error ? error : new Error(String(error));
            for (const w of batch) w.reject(err);
          },
        )
        .finally(() => {
          this.running--;
          this.batches.delete(run);
          this.pump();
        });
      this.batches.add(run);
    }
  }

  private keep(text: string, vector: Float32Array): void {
    this.ready.set(text, vector);
    if (this.ready.size > this.maxReady) this.ready.delete(this.ready.keys().next().value as string);
  }

  warm(): Promise<void> {
    return this.inner.warm();
  }

  /**
   * Drops queued texts (they are embedded again at the next start) and waits for the batches running.
   * The inner embedder belongs to the caller, which closes it.
   */
  async close(): Promise<void> {
    this.closed = true;
    const err = new Error('document embedder is closed');
    for (const w of this.queue.splice(0)) {
      this.inflight.delete(w.text);
      w.reject(err);
    }
    await Promise.allSettled([...this.batches]);
  }
}
