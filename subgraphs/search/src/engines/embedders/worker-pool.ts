import { Worker } from 'node:worker_threads';
import type { EmbedPurpose } from '../../domain/embedder';

/** A batch of texts for a worker; the worker answers with one flat Float32Array (`texts.length × dimension`). */
interface Job {
  texts: string[];
  purpose: EmbedPurpose;
  resolve: (v: Float32Array) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  ready: Promise<void>;
}

export interface WorkerPoolOptions {
  /** Number of worker threads. */
  size: number;
  /** JavaScript source of the worker (run with `eval: true`, so it works from TypeScript sources and from dist). */
  source: string;
  workerData: unknown;
  /**
   * Keep one worker free of document work so a query never waits behind a document batch (when size ≥ 2).
   * With size 1, queries still jump the document queue and wait at most one (small) batch.
   */
  reserveQueryWorker?: boolean;
}

/**
 * A fixed pool of worker threads with two lanes: query jobs are always dispatched before document jobs,
 * and (by default) document jobs never occupy the last free worker.
 */
export class EmbeddingWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queries: Job[] = [];
  private readonly documents: Job[] = [];
  private readonly maxDocumentWorkers: number;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.maxDocumentWorkers =
      options.size > 1 && options.reserveQueryWorker !== false ? options.size - 1 : options.size;
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.source, { eval: true, workerData: this.options.workerData });
    worker.unref();
    const slot: Slot = { worker, job: undefined, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (msg: { type: string; error?: string }): void => {
        if (msg.type === 'ready') {
          worker.off('message', onMessage);
          resolve();
        } else if (msg.type === 'error') reject(new Error(msg.error));
      };
      worker.on('message', onMessage);
    });
    // Avoid an unhandled rejection if the pool is never used.
    slot.ready.catch(() => undefined);
    worker.on('message', (msg: { type: string; vectors?: Float32Array; error?: string }) => {
      const job = slot.job;
      if (!job || (msg.type !== 'result' && msg.type !== 'failed')) return;
      slot.job = undefined;
      if (msg.type === 'result') job.resolve(msg.vectors!);
      else job.reject(new Error(msg.error ?? 'embedding failed'));
      this.dispatch();
    });
    worker.on('error', (err) => {
      const job = slot.job;
      slot.job = undefined;
      job?.reject(err);
      if (!this.closed) {
        // Replace the dead worker so the pool keeps its capacity.
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots[i] = this.spawn();
        this.dispatch();
      }
    });
    return slot;
  }

  /** Resolves when every worker has loaded its model (and run its warm-up). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  run(texts: string[], purpose: EmbedPurpose): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new Error('embedding pool is closed'));
    return new Promise<Float32Array>((resolve, reject) => {
      (purpose === 'query' ? this.queries : this.documents).push({ texts, purpose, resolve, reject });
      this.dispatch();
    });
  }

  /** Jobs waiting (not yet on a worker), per lane. */
  get pending(): { queries: number; documents: number } {
    return { queries: this.queries.length, documents: this.documents.length };
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      let job = this.queries.shift();
      if (!job && this.documents.length > 0) {
        const busyWithDocuments = this.slots.filter((s) => s.job?.purpose === 'document').length;
        if (busyWithDocuments < this.maxDocumentWorkers) job = this.documents.shift();
      }
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage({ type: 'embed', texts: job.texts });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new Error('embedding pool is closed');
    for (const j of [...this.queries.splice(0), ...this.documents.splice(0)]) j.reject(err);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
