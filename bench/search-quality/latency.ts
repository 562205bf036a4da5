/**
 * Embedding latency and throughput, for the levers the issue lists (worker pool, query cache, static table,
 * int8 vectors). Wall-clock figures on a shared 2-core machine: compare rows, not absolute values.
 *   node -r ./bench/register.js bench/search-quality/latency.ts
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildToolDocuments } from '../../subgraphs/search/src/domain/documents';
import { CachedQueryEmbedder, type Embedder } from '../../subgraphs/search/src/domain/embedder';
import { toolEmbeddingTexts } from '../../subgraphs/search/src/domain/fields';
import { TUNED_SEARCH_CONFIG } from '../../subgraphs/search/src/domain/search-config';
import { UseLiteEmbedder } from '../../subgraphs/search/src/engines/embedders/use-lite-embedder';
import { loadLiveMcpBench, loadToolLens } from './datasets';
import { STATIC_TABLE_PATH } from './distill';
import { buildService, staticTableEmbedders, useLiteEmbedders } from './harness';

/* eslint-disable no-console */

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function queryLatency(label: string, e: Embedder, queries: string[]): Promise<Record<string, number>> {
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await e.embed([q], 'query');
    times.push(performance.now() - t);
  }
  const r = { p50: pct(times, 50), p95: pct(times, 95) };
  console.log(`${label.padEnd(44)} p50 ${ms(r.p50).padEnd(10)} p95 ${ms(r.p95)}`);
  return r;
}

async function docThroughput(label: string, e: Embedder, docs: string[]): Promise<Record<string, number>> {
  // Longest gap between ticks of a 1 ms interval = the longest time the event loop could not serve a request.
  let last = performance.now();
  let maxGap = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  const t = performance.now();
  await e.embed(docs, 'document');
  const secs = (performance.now() - t) / 1000;
  // If the interval never ran, the loop was blocked from the start to here.
  maxGap = Math.max(maxGap, performance.now() - last);
  clearInterval(probe);
  const r = { docsPerSecond: docs.length / secs, maxEventLoopBlockMs: maxGap };
  console.log(
    `${label.padEnd(44)} ${r.docsPerSecond.toFixed(1)} docs/s, longest event-loop stall ${ms(r.maxEventLoopBlockMs)}`,
  );
  return r;
}

/** Query latency while a large document batch is being embedded on the same embedder. */
async function queryUnderLoad(
  label: string,
  e: Embedder,
  queries: string[],
  docs: string[],
): Promise<Record<string, number>> {
  const load = e.embed(docs, 'document');
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await e.embed([q], 'query');
    times.push(performance.now() - t);
  }
  await load;
  const r = { p50: pct(times, 50), p95: pct(times, 95) };
  console.log(`${label.padEnd(44)} p50 ${ms(r.p50).padEnd(10)} p95 ${ms(r.p95)}`);
  return r;
}

async function main(): Promise<void> {
  const live = loadLiveMcpBench();
  const queries = [
    ...live.queries.map((q) => q.text),
    ...loadToolLens('test')
      .queries.slice(0, 105)
      .map((q) => q.text),
  ];
  const docs = live.manifests
    .flatMap((m) => buildToolDocuments(m))
    .slice(0, 120)
    .map((d) => toolEmbeddingTexts(d).full);
  const out: Record<string, unknown> = {};

  const inProcess = new UseLiteEmbedder({ workers: 0 });
  await inProcess.warm();
  out.queryInProcess = await queryLatency('query, USE-lite in-process, no cache', inProcess, queries);
  const cached = new CachedQueryEmbedder(inProcess);
  await cached.embed(queries, 'query');
  out.queryCached = await queryLatency('query, LRU cache hit', cached, queries);
  out.docsInProcess = await docThroughput('documents, in-process', inProcess, docs);

  const pool = new UseLiteEmbedder({ workers: 2 });
  await pool.warm();
  out.queryPool = await queryLatency('query, 2-worker pool, no cache', pool, queries);
  out.docsPool = await docThroughput('documents, 2-worker pool (1 reserved for queries)', pool, docs);
  const poolAll = new UseLiteEmbedder({ workers: 2, reserveQueryWorker: false });
  await poolAll.warm();
  out.docsPoolAll = await docThroughput('documents, 2-worker pool (both for documents)', poolAll, docs);
  out.queryUnderLoadPool = await queryUnderLoad(
    'query during document indexing, pool + lane',
    pool,
    queries.slice(0, 60),
    docs,
  );
  out.queryUnderLoadNoReserve = await queryUnderLoad(
    'query during indexing, pool, no reserved worker',
    poolAll,
    queries.slice(0, 60),
    docs,
  );
  out.queryUnderLoadInProcess = await queryUnderLoad(
    'query during document indexing, in-process',
    inProcess,
    queries.slice(0, 20),
    docs.slice(0, 40),
  );
  await pool.close();
  await poolAll.close();

  if (existsSync(STATIC_TABLE_PATH)) {
    const s = staticTableEmbedders(STATIC_TABLE_PATH);
    out.queryStatic = await queryLatency('query, static table', s.query, queries);
    out.docsStatic = await docThroughput('documents, static table', s.document, docs);
  }

  // End to end: searchTools on LiveMCPBench with the tuned config (vectors from the benchmark cache).
  const embedders = useLiteEmbedders();
  await embedders.document.warm();
  const service = await buildService(live, embedders, TUNED_SEARCH_CONFIG);
  const e2e = async (label: string) => {
    const times: number[] = [];
    for (const q of live.queries) {
      const t = performance.now();
      await service.searchTools({ query: q.text, limit: 10 });
      times.push(performance.now() - t);
    }
    const r = { p50: pct(times, 50), p95: pct(times, 95) };
    console.log(`${label.padEnd(44)} p50 ${ms(r.p50).padEnd(10)} p95 ${ms(r.p95)}`);
    return r;
  };
  out.searchToolsWarmCache = await e2e('searchTools end to end, query vectors cached');
  await embedders.close();
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
