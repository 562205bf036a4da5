/**
 * The embedded BM25F engine alone, on the search-latency corpus (5,000 servers / 25,000 tools, no platform):
 * time per query (tool and server index, 200 hits each, the tuned configuration with pseudo-relevance
 * feedback) and a checksum of every result, so that a speed change can be shown to rank exactly as before.
 *
 *   node -r ./bench/register.js bench/search-latency/keyword-engine.ts [--servers=5000] [--queries=1500]
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { buildServerDocument, buildToolDocuments } from '../../subgraphs/search/src/domain/documents';
import { TUNED_SEARCH_CONFIG } from '../../subgraphs/search/src/domain/search-config';
import { Bm25Engine } from '../../subgraphs/search/src/engines/bm25-engine';
import { manifestInputOf } from '../../subgraphs/search/src/events/manifest-input';
import { buildCorpus, buildQueries } from './corpus';

/* eslint-disable no-console */

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'] as const;
  }),
);
const SERVERS = Number(args.get('servers') ?? 5000);
const QUERIES = Number(args.get('queries') ?? 1500);
const LIMIT = 200;

async function main(): Promise<void> {
  const corpus = buildCorpus(SERVERS);
  const engine = new Bm25Engine(TUNED_SEARCH_CONFIG.keyword);
  const indexed = performance.now();
  for (const server of corpus) {
    const input = manifestInputOf(server.manifest);
    if (!input) continue;
    await engine.upsert('tool', buildToolDocuments(input));
    await engine.upsert('server', [buildServerDocument(input)]);
  }
  console.log(
    `indexed ${engine.index('tool').size} tools, ${engine.index('server').size} servers in ` +
      `${((performance.now() - indexed) / 1000).toFixed(1)} s`,
  );
  const queries = buildQueries(corpus, QUERIES, 7);
  const times: number[] = [];
  const pass = (): number => {
    const started = performance.now();
    for (const text of queries) {
      const t = performance.now();
      engine.searchSync('tool', { text, limit: LIMIT });
      engine.searchSync('server', { text, limit: LIMIT });
      times.push(performance.now() - t);
    }
    return (performance.now() - started) / queries.length;
  };
  pass(); // warm-up
  times.length = 0;
  const means = [pass(), pass(), pass()];
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  console.log(
    `per query (tool + server, ${LIMIT} hits each): mean ${means.map((m) => m.toFixed(2)).join(' / ')} ms, ` +
      `p50 ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms`,
  );
  const hash = createHash('sha256');
  for (const text of queries) {
    for (const kind of ['tool', 'server'] as const) {
      hash.update(JSON.stringify(engine.searchSync(kind, { text, limit: LIMIT })));
    }
  }
  console.log(`results checksum ${hash.digest('hex').slice(0, 16)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
