import {
  normalizeForEmbedding,
  normalizeVector,
  type Embedder,
  type EmbedPurpose,
} from '../../domain/embedder';

export interface OpenAiEmbedderOptions {
  /** Base URL up to (not including) `/v1/embeddings`, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  model: string;
  dimension: number;
  apiKey?: string;
  /** Sent as `dimensions` (for models that can shorten their output). */
  requestDimensions?: boolean;
  /** Prefixes some models expect (e.g. `query: ` / `passage: ` for E5). */
  queryPrefix?: string;
  documentPrefix?: string;
  batchSize?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface EmbeddingsResponse {
  data?: { embedding?: number[]; index?: number }[];
}

/** Any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, vLLM, llama.cpp server, Ollama, TEI, LocalAI). */
export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.dimension = options.dimension;
    this.id = `openai-${options.model.replace(/[^A-Za-z0-9._-]+/g, '-')}-${options.dimension}`;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    const prefix = (purpose === 'query' ? this.options.queryPrefix : this.options.documentPrefix) ?? '';
    const out: Float32Array[] = texts.map(() => new Float32Array(this.dimension));
    const todo: { index: number; text: string }[] = [];
    texts.forEach((t, index) => {
      const text = normalizeForEmbedding(t);
      if (text) todo.push({ index, text: prefix + text });
    });
    const size = this.options.batchSize ?? 64;
    for (let i = 0; i < todo.length; i += size) {
      const batch = todo.slice(i, i + size);
      const vectors = await this.request(batch.map((b) => b.text));
      batch.forEach((b, j) => {
        out[b.index] = vectors[j]!;
      });
    }
    return out;
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const body: Record<string, unknown> = { model: this.options.model, input, encoding_format: 'float' };
    if (this.options.requestDimensions) body.dimensions = this.dimension;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const res = await this.fetchImpl(`${this.options.baseUrl.replace(/\/+$/, '')}/v1/embeddings`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`embeddings endpoint answered ${res.status}`);
    const json = (await res.json()) as EmbeddingsResponse;
    const data = json.data ?? [];
    if (data.length !== input.length)
      throw new Error(`embeddings endpoint returned ${data.length} of ${input.length}`);
    const sorted = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return sorted.map((d) => {
      const e = d.embedding ?? [];
      if (e.length !== this.dimension)
        throw new Error(`expected ${this.dimension} dimensions, got ${e.length}`);
      return normalizeVector(Float32Array.from(e));
    });
  }

  async warm(): Promise<void> {
    await this.embed(['warm up'], 'query');
  }
}
