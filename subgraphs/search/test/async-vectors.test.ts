import 'reflect-metadata';
import { createLogger, waitFor } from '@mcpr/platform';
import { createSearchRuntime } from '../src/data/search-runtime';
import { InMemoryVectorStore, type Embedder, type EmbedPurpose } from '../src/domain/embedder';
import {
  DeferredDocumentEmbedder,
  VectorsPendingError,
} from '../src/engines/embedders/deferred-document-embedder';
import { HashingEmbedder } from '../src/engines/embedders/hashing-embedder';
import { ExactVectorEngine } from '../src/engines/exact-vector-engine';
import type { VectorEngine } from '../src/engines/vector-engine';
import { loadSearchEnv } from '../src/env';
import { SearchIndexer } from '../src/events/search-indexer';
import { POSTGRES, versionPublished, versionStatusChanged, WEATHER } from './service-helpers';

const logger = createLogger('search-test', 'silent');
const config = loadSearchEnv({ SEARCH_EMBEDDER: 'hashing' });

/**
 * A slow document embedder: document batches wait until the test releases them; queries answer at once
 * (they stand for the query lane). Vectors come from a hashing embedder.
 */
class GatedEmbedder implements Embedder {
  readonly id = 'gated-64';
  readonly dimension = 64;
  private readonly inner = new HashingEmbedder(64);
  private readonly gates: (() => void)[] = [];
  documentBatches = 0;
  readonly documentTexts: string[] = [];
  queries = 0;

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    if (purpose === 'query') {
      this.queries++;
      return texts.map((t) => this.inner.embedOne(t));
    }
    this.documentBatches++;
    this.documentTexts.push(...texts);
    await new Promise<void>((resolve) => this.gates.push(resolve));
    return texts.map((t) => this.inner.embedOne(t));
  }
  /** Document batches waiting for `release()`. */
  get waiting(): number {
    return this.gates.length;
  }
  /** Lets every waiting document batch finish (and batches started meanwhile, until none waits). */
  async releaseAll(): Promise<void> {
    while (this.gates.length > 0) {
      for (const open of this.gates.splice(0)) open();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  async warm(): Promise<void> {}
}

function setup() {
  const embedder = new GatedEmbedder();
  const vectorStore = new InMemoryVectorStore();
  const runtime = createSearchRuntime(config, logger, { embedder, vectorStore });
  const indexer = new SearchIndexer(runtime.service, logger);
  return { embedder, vectorStore, runtime, indexer };
}

describe('asynchronous vectors: documents never hold up indexing or queries', () => {
  it('a server is keyword-searchable and queries embed while a long document batch is pending', async () => {
    const { embedder, vectorStore, runtime, indexer } = setup();
    await indexer.handle(versionPublished(WEATHER));
    // The handler returned with the document embedding still blocked.
    expect(embedder.waiting).toBeGreaterThan(0);
    expect(vectorStore.map.size).toBe(0);

    const hybrid = await runtime.service.searchServers({ query: 'weather forecast city', mode: 'HYBRID' });
    expect(embedder.queries).toBe(1);
    expect(embedder.waiting).toBeGreaterThan(0);
    expect(hybrid.degraded).toBe(false);
    expect(hybrid.hits[0]!.serverName).toBe('io.github.acme/weather');
    expect(hybrid.hits[0]!.keywordScore).toBeGreaterThan(0);
    expect(hybrid.hits[0]!.vectorScore).toBeUndefined();

    await embedder.releaseAll();
    await indexer.settled();
    const semantic = await runtime.service.searchServers({
      query: 'weather forecast city',
      mode: 'SEMANTIC',
    });
    expect(semantic.hits[0]!.serverName).toBe('io.github.acme/weather');
    expect(semantic.hits[0]!.vectorScore).toBeDefined();
    // Collected vectors are persisted by content hash.
    expect(vectorStore.map.size).toBeGreaterThan(0);
    await runtime.close();
  });

  it('events keep flowing while vectors are pending, in order', async () => {
    const { embedder, runtime, indexer } = setup();
    await indexer.handle(versionPublished(WEATHER));
    await indexer.handle(versionPublished(POSTGRES));
    const r = await runtime.service.searchServers({ query: 'postgresql sql', mode: 'KEYWORD' });
    expect(r.hits[0]!.serverName).toBe('io.github.dbco/postgres');
    expect(embedder.waiting).toBeGreaterThan(0);
    await embedder.releaseAll();
    await indexer.settled();
    expect(indexer.serverCount).toBe(2);
    await runtime.close();
  });

  it('a server deleted before its vectors arrive does not come back', async () => {
    const { embedder, runtime, indexer } = setup();
    await indexer.handle(versionPublished(WEATHER));
    await indexer.handle(versionStatusChanged('io.github.acme/weather', '1.0.0', 'DELETED', null));
    await embedder.releaseAll();
    await indexer.settled();
    expect(runtime.service.getServer('io.github.acme/weather')).toBeUndefined();
    for (const mode of ['KEYWORD', 'SEMANTIC'] as const)
      expect((await runtime.service.searchServers({ query: 'weather forecast', mode })).hits).toEqual([]);
    await runtime.close();
  });
});

describe('DeferredDocumentEmbedder', () => {
  it('embeds each pending text once in the background, then hands the vectors over', async () => {
    const inner = new GatedEmbedder();
    const reference = new HashingEmbedder(64);
    const deferred = new DeferredDocumentEmbedder(inner, { batchSize: 2 });
    let pending: VectorsPendingError | undefined;
    await deferred.embed(['a b', 'c d', 'a b'], 'document').catch((e: VectorsPendingError) => (pending = e));
    expect(pending).toBeInstanceOf(VectorsPendingError);
    expect(pending!.texts).toBe(2);
    expect(deferred.pending).toBe(2);
    // Asked again while in flight: no second embedding.
    await expect(deferred.embed(['c d'], 'document')).rejects.toBeInstanceOf(VectorsPendingError);
    await inner.releaseAll();
    await pending!.ready;
    const vectors = await deferred.embed(['a b', 'c d', 'a b'], 'document');
    expect(vectors.map((v) => Array.from(v))).toEqual(
      ['a b', 'c d', 'a b'].map((t) => Array.from(reference.embedOne(t))),
    );
    expect(inner.documentTexts).toEqual(['a b', 'c d']);
    expect(deferred.pending).toBe(0);
    // Queries are never deferred.
    expect(await deferred.embed(['q'], 'query')).toHaveLength(1);
    await deferred.close();
  });

  it('a failed embedding rejects `ready` and can be retried', async () => {
    let fail = true;
    const inner: Embedder = {
      id: 'flaky',
      dimension: 2,
      embed: async (texts) => {
        if (fail) throw new Error('model down');
        return texts.map(() => new Float32Array([1, 0]));
      },
      warm: async () => undefined,
    };
    const deferred = new DeferredDocumentEmbedder(inner);
    const first = await deferred.embed(['x'], 'document').catch((e: VectorsPendingError) => e);
    await expect((first as VectorsPendingError).ready).rejects.toThrow('model down');
    expect(deferred.failed).toBe(1);
    fail = false;
    const second = await deferred.embed(['x'], 'document').catch((e: VectorsPendingError) => e);
    await (second as VectorsPendingError).ready;
    expect(await deferred.embed(['x'], 'document')).toHaveLength(1);
    await deferred.close();
  });
});

const FAST_RETRY = { firstDelayMs: 5, maxDelayMs: 40 };

async function semanticNames(runtime: ReturnType<typeof createSearchRuntime>): Promise<string[]> {
  const r = await runtime.service.searchServers({ query: 'weather forecast city', mode: 'SEMANTIC' });
  return r.hits.map((h) => h.serverName);
}

describe('vectors that fail to store are retried until they are stored', () => {
  it('an embedder outage: the server ranks on keywords, is counted, and gets its vectors once the model is back', async () => {
    let down = true;
    const inner = new HashingEmbedder(64);
    const embedder: Embedder = {
      id: 'flaky-64',
      dimension: 64,
      embed: async (texts, purpose) => {
        if (down && purpose === 'document') throw new Error('model down');
        return texts.map((t) => inner.embedOne(t));
      },
      warm: async () => undefined,
    };
    const runtime = createSearchRuntime(config, logger, { embedder, vectorStore: new InMemoryVectorStore() });
    const indexer = new SearchIndexer(runtime.service, logger, undefined, FAST_RETRY);
    await indexer.handle(versionPublished(WEATHER));
    await waitFor(() => indexer.serversWithoutVectors === 1);
    const keyword = await runtime.service.searchServers({ query: 'weather forecast', mode: 'KEYWORD' });
    expect(keyword.hits.map((h) => h.serverName)).toEqual(['io.github.acme/weather']);
    expect(await semanticNames(runtime)).toEqual([]);

    down = false;
    await waitFor(() => indexer.serversWithoutVectors === 0);
    await waitFor(async () => (await semanticNames(runtime)).includes('io.github.acme/weather'));
    await indexer.close();
    await runtime.close();
  });

  /** Inline indexing over a vector engine whose upserts fail while `state.down` (and are counted). */
  function flakyVectorEngine() {
    const engine = new ExactVectorEngine(64);
    const state = { down: true, attempts: 0 };
    const vector: VectorEngine = {
      name: 'flaky',
      upsert: async (kind, points) => {
        state.attempts++;
        if (state.down) throw new Error('vector engine unreachable');
        return engine.upsert(kind, points);
      },
      remove: (kind, ids) => engine.remove(kind, ids),
      search: (kind, request) => engine.search(kind, request),
    };
    const runtime = createSearchRuntime(config, logger, {
      embedder: new HashingEmbedder(64),
      vector,
      vectorIndexing: 'inline',
    });
    const indexer = new SearchIndexer(runtime.service, logger, undefined, FAST_RETRY);
    return { state, runtime, indexer };
  }

  it('a vector engine outage (inline indexing): retried with backoff, then stored', async () => {
    const { state, runtime, indexer } = flakyVectorEngine();
    await indexer.handle(versionPublished(WEATHER));
    expect(indexer.serversWithoutVectors).toBe(1);
    await waitFor(() => state.attempts >= 3); // retried, more than once

    state.down = false;
    await waitFor(() => indexer.serversWithoutVectors === 0);
    expect(await semanticNames(runtime)).toEqual(['io.github.acme/weather']);
    // Stored: no further retries.
    const settledAttempts = state.attempts;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(state.attempts).toBe(settledAttempts);
    await indexer.close();
    await runtime.close();
  });

  it('a server deleted while failing is no longer counted nor retried', async () => {
    const { state, runtime, indexer } = flakyVectorEngine();
    await indexer.handle(versionPublished(WEATHER));
    expect(indexer.serversWithoutVectors).toBe(1);
    await indexer.handle(versionStatusChanged('io.github.acme/weather', '1.0.0', 'DELETED', null));
    expect(indexer.serversWithoutVectors).toBe(0);
    const afterDelete = state.attempts;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(state.attempts).toBe(afterDelete);
    expect(runtime.service.getServer('io.github.acme/weather')).toBeUndefined();
    await indexer.close();
    await runtime.close();
  });
});
