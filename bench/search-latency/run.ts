/**
 * Search latency through the gateway on a ~5,000-server / ~25,000-tool corpus, with the shipped encoder.
 *
 *   node -r ./bench/register.js bench/search-latency/run.ts [--servers=5000] [--duration=30]
 *        [--publishes=200] [--data-dir=bench/.cache/search-latency] [--load-workers=3] [--fresh]
 *        [--cpu-prof=DIR]  (the measuring platform writes a V8 CPU profile of its main thread to DIR)
 *        [--node-args="--flag --flag"]  (extra Node/V8 flags for the measuring platform, e.g. GC settings)
 *
 * 1. load: runs the embedded platform as a child process (its own event loop) on a persistent DATA_DIR,
 *    publishes the servers it does not hold yet through the gateway, and waits until every document vector
 *    is embedded (printing progress). Vectors persist by content hash, so an interrupted load resumes and
 *    a second run loads nothing.
 * 2. latency: restarts the platform with the default configuration; HYBRID `search` (the contract's Search
 *    operation) with queries never sent before (uncached), at concurrency 1 and 8: p50/p95/p99, req/s, and
 *    the share of time spent embedding queries (from the search service's GET /stats).
 * 3. lag: publishes new servers one at a time and polls KEYWORD search until each appears: p50/p95/p99.
 * Prints a table and writes bench/results/search-latency.json.
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCorpus, buildQueries, rng, type BenchServer } from './corpus';
import { randomBytes } from 'node:crypto';
import { ANONYMOUS, GATEWAY_TOKEN_HEADER, signGatewayToken } from '@mcpr/platform';
import { startStackProcess, type StackProcess } from '@mcpr/e2e';
import { cpuTimes } from './cpu-times';

const ROOT = join(__dirname, '../..');
const args = new Map(
  process.argv.slice(2).map((a) => {
    const arg = a.replace(/^--/, '');
    const eq = arg.indexOf('=');
    // Split at the first '=' only: --node-args values hold their own (--max-semi-space-size=64).
    return (eq < 0 ? [arg, 'true'] : [arg.slice(0, eq), arg.slice(eq + 1)]) as [string, string];
  }),
);
const SERVERS = Number(args.get('servers') ?? 5000);
const DURATION_S = Number(args.get('duration') ?? 30);
const PUBLISHES = Number(args.get('publishes') ?? 200);
const DATA_DIR = resolve(ROOT, args.get('data-dir') ?? 'bench/.cache/search-latency');
const LOAD_WORKERS = args.get('load-workers') ?? '3';
/** Minutes to wait for background document embedding after publishing (default: until none is pending). */
const VECTOR_WAIT_MS = Number(args.get('vector-wait-min') ?? Infinity) * 60_000;
const SKIP_LOAD = args.has('skip-load');
/** Also time c=1 without entity fields and straight to the search subgraph, to tell the hops apart. */
const BREAKDOWN = args.has('breakdown');
// The measuring platform writes a V8 CPU profile of its main thread here when it stops.
const CPU_PROF_DIR = args.get('cpu-prof');
/** Extra Node/V8 flags for the measuring platform only (the loading platform runs without them). */
const NODE_ARGS = (args.get('node-args') ?? '').split(/\s+/).filter(Boolean);
const SEARCH = readFileSync(join(ROOT, 'schema/operations/Search.graphql'), 'utf8');
/** The contract's Search without the registry/trust entity fields: the search subgraph alone answers it. */
const SEARCH_OWN_FIELDS = withoutEntityFields(SEARCH);

function withoutEntityFields(operation: string): string {
  const out = operation.replace(/\n\s*description\n\s*trust \{\s*tier\s*\}/, '');
  if (out === operation) throw new Error('Search.graphql no longer asks for description and trust { tier }');
  return out;
}
const PUBLISH = /* GraphQL */ `
  mutation BenchPublish($input: PublishServerInput!) {
    publishServer(input: $input) {
      version {
        id
      }
      userErrors {
        code
        message
      }
    }
  }
`;
const SET_STATUS = /* GraphQL */ `
  mutation BenchDelete($input: SetServerStatusInput!) {
    setServerStatus(input: $input) {
      userErrors {
        code
        message
      }
    }
  }
`;
const NAMES = /* GraphQL */ `
  query BenchNames($after: String) {
    servers(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          name
        }
      }
    }
  }
`;

const log = (s: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

interface Stack {
  process: StackProcess;
  searchUrl: string;
  gql<T>(query: string, variables: object, key?: string, url?: string): Promise<T>;
  /** Headers that let the bench call a subgraph directly, as the gateway would for an anonymous caller. */
  subgraphHeaders: Record<string, string>;
}

/** The bench's own gateway token secret, so that it can sign tokens for direct subgraph calls. */
const GATEWAY_SECRET = randomBytes(32).toString('base64url');

async function startStack(env: Record<string, string>, nodeArgs: string[] = []): Promise<Stack> {
  const started = performance.now();
  // A start that rebuilds a 5,000-server index from its database can take minutes on a busy machine.
  const proc = await startStackProcess({
    dataDir: DATA_DIR,
    env: { GATEWAY_TOKEN_SECRET: GATEWAY_SECRET, ...env },
    readyTimeoutMs: 15 * 60_000,
    nodeArgs,
  });
  log(`platform ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${JSON.stringify(env)})`);
  // Signed once, not per request (the latency loop times requests); an hour outlasts any measurement.
  const subgraphHeaders = { [GATEWAY_TOKEN_HEADER]: signGatewayToken(ANONYMOUS, GATEWAY_SECRET, 3600) };
  return {
    process: proc,
    searchUrl: proc.searchUrl,
    subgraphHeaders,
    async gql<T>(query: string, variables: object, key?: string, url?: string): Promise<T> {
      const response = await fetch(url ?? `${proc.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(url ? subgraphHeaders : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
  };
}

interface Stats {
  index: { servers: number; tools: number };
  queryEmbedding: { hits: number; misses: number; embedMs: number };
  documentEmbedding: { pending: number; embedded: number; failed: number };
}
async function stats(stack: Stack): Promise<Stats> {
  return (await (await fetch(`${stack.searchUrl}/stats`)).json()) as Stats;
}

/**
 * Refuses to measure a platform whose vector leg answers nothing: HYBRID would then be timed as keyword
 * search plus an unused embedding (as every restart on SQLite did until the vector store read blobs right).
 */
async function assertVectorLeg(stack: Stack): Promise<void> {
  const probe = await stack.gql<{ search: { hits: { vectorScore: number | null }[] } }>(
    `query BenchVectorProbe($q: String!) { search(query: $q, mode: SEMANTIC, first: 1) { hits { vectorScore } } }`,
    { q: 'query a database with sql' },
  );
  if (!(probe.search.hits[0]?.vectorScore ?? 0))
    throw new Error('the vector leg returned no hits although no vector is pending: not measuring');
}

async function existingNames(stack: Stack): Promise<Set<string>> {
  const names = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const data: {
      servers: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { name: string } }[];
      };
    } = await stack.gql(NAMES, { after }, stack.process.adminKey);
    for (const e of data.servers.edges) names.add(e.node.name);
    if (!data.servers.pageInfo.hasNextPage) return names;
    after = data.servers.pageInfo.endCursor;
  }
}

async function publish(stack: Stack, manifest: Record<string, unknown>): Promise<string | undefined> {
  const data = await stack.gql<{ publishServer: { userErrors: { code: string; message: string }[] } }>(
    PUBLISH,
    { input: { manifest } },
    stack.process.adminKey,
  );
  const e = data.publishServer.userErrors[0];
  return e && e.code !== 'CONFLICT' ? `${e.code}: ${e.message}` : undefined;
}

async function load(corpus: BenchServer[]): Promise<{ rejected: number }> {
  const stack = await startStack({ SEARCH_EMBEDDER_WORKERS: LOAD_WORKERS, LOG_LEVEL: 'error' });
  try {
    const have = await existingNames(stack);
    const todo = corpus.filter((s) => !have.has(s.name));
    log(`registry holds ${have.size} servers; publishing ${todo.length}`);
    let next = 0;
    let done = 0;
    let rejected = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < todo.length) {
          const s = todo[next++]!;
          const error = await publish(stack, s.manifest);
          if (error) {
            rejected++;
            if (rejected <= 5) log(`rejected ${s.name}: ${error}`);
          }
          if (++done % 250 === 0)
            log(
              `published ${done}/${todo.length} (${(done / ((performance.now() - started) / 1000)).toFixed(0)}/s)`,
            );
        }
      }),
    );
    let last = await stats(stack);
    let lastAt = performance.now();
    const waitUntil = performance.now() + VECTOR_WAIT_MS;
    for (;;) {
      const s = await stats(stack);
      const now = performance.now();
      const rate = (s.documentEmbedding.embedded - last.documentEmbedding.embedded) / ((now - lastAt) / 1000);
      log(
        `index: ${s.index.servers} servers, ${s.index.tools} tools; vectors: ${s.documentEmbedding.pending} texts pending, ` +
          `${s.documentEmbedding.embedded} embedded this start (${rate.toFixed(1)}/s)`,
      );
      if (s.documentEmbedding.pending === 0) break;
      if (performance.now() > waitUntil) {
        log(`stopped waiting for vectors: the next start resumes embedding the pending texts`);
        break;
      }
      last = s;
      lastAt = now;
      await new Promise((resolve) => setTimeout(resolve, 15_000));
    }
    return { rejected };
  } finally {
    await stack.process.stop();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (x: number): number => Math.round(x * 100) / 100;

interface LatencyRow {
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  degraded: number;
  queryEmbeddingMs: { mean: number; shareOfLatency: number };
  cacheMisses: number;
  /** The platform's CPU per answered search (Linux; null elsewhere): all threads, and the main thread alone. */
  cpuMsPerRequest: { process: number; mainThread: number } | null;
}

async function latency(
  stack: Stack,
  queries: string[],
  concurrency: number,
  operation: { document: string; url?: string } = { document: SEARCH },
): Promise<LatencyRow> {
  const before = await stats(stack);
  const cpuBefore = cpuTimes(stack.process.child.pid);
  const latencies: number[] = [];
  let errors = 0;
  let degraded = 0;
  let next = 0;
  const deadline = performance.now() + DURATION_S * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && next < queries.length) {
        const query = queries[next++]!;
        const t0 = performance.now();
        try {
          const data = await stack.gql<{ search: { degraded: boolean } }>(
            operation.document,
            { query, mode: 'HYBRID', first: 10 },
            undefined,
            operation.url,
          );
          if (data.search.degraded) degraded++;
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuTimes(stack.process.child.pid);
  const after = await stats(stack);
  latencies.sort((a, b) => a - b);
  const misses = after.queryEmbedding.misses - before.queryEmbedding.misses;
  const embedMs = after.queryEmbedding.embedMs - before.queryEmbedding.embedMs;
  const total = latencies.reduce((s, x) => s + x, 0);
  return {
    concurrency,
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / elapsed),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    errors,
    degraded,
    queryEmbeddingMs: { mean: round(misses ? embedMs / misses : 0), shareOfLatency: round(embedMs / total) },
    cacheMisses: misses,
    cpuMsPerRequest:
      cpuBefore && cpuAfter && latencies.length > 0
        ? {
            process: round((cpuAfter.processMs - cpuBefore.processMs) / latencies.length),
            mainThread: round((cpuAfter.mainThreadMs - cpuBefore.mainThreadMs) / latencies.length),
          }
        : null,
  };
}

async function lag(stack: Stack, count: number): Promise<{ fromSend: number[]; fromAck: number[] }> {
  const fromSend: number[] = [];
  const fromAck: number[] = [];
  const random = rng(Date.now() & 0xffffffff);
  const run = Date.now().toString(36);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const token = `zq${run}${i.toString(36)}${Math.floor(random() * 1e6).toString(36)}`;
    const name = `io.mcpr-bench.lag/${token}`;
    names.push(name);
    const manifest = {
      name,
      description: `Lag probe ${token} for publish to searchable timing`,
      version: '1.0.0',
      packages: [
        {
          registryType: 'npm',
          identifier: `@bench/${token}`,
          version: '1.0.0',
          transport: { type: 'stdio' },
        },
      ],
      _meta: {
        'io.mcpr/publisher-provided': {
          tools: [{ name: 'probe', description: `Probe tool ${token}`, inputSchema: { type: 'object' } }],
          categories: ['bench'],
        },
      },
    };
    const sent = performance.now();
    const error = await publish(stack, manifest);
    if (error) throw new Error(`lag publish rejected: ${error}`);
    const acked = performance.now();
    for (;;) {
      const data = await stack.gql<{ search: { hits: { server: { name: string } }[] } }>(SEARCH, {
        query: token,
        mode: 'KEYWORD',
        first: 1,
      });
      if (data.search.hits.some((h) => h.server.name === name)) break;
      if (performance.now() - sent > 30_000) throw new Error(`${name} not searchable after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const seen = performance.now();
    fromSend.push(seen - sent);
    fromAck.push(seen - acked);
  }
  // Leave the cached corpus as it was: the probes are deleted (and leave the index).
  for (const name of names)
    await stack.gql(SET_STATUS, { input: { name, status: 'DELETED' } }, stack.process.adminKey);
  return { fromSend: fromSend.sort((a, b) => a - b), fromAck: fromAck.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  if (args.has('fresh')) rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const corpus = buildCorpus(SERVERS);
  const tools = corpus.reduce(
    (n, s) =>
      n +
      (s.manifest._meta as Record<string, { tools: unknown[] }>)['io.mcpr/publisher-provided']!.tools.length,
    0,
  );
  log(
    `corpus: ${corpus.length} servers, ${tools} tools (from ../shared/data + generated tools); DATA_DIR ${DATA_DIR}`,
  );
  const loaded = SKIP_LOAD ? { rejected: 0 } : await load(corpus);

  const stack = await startStack({ LOG_LEVEL: 'error' }, [
    ...NODE_ARGS,
    ...(CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(CPU_PROF_DIR)}`] : []),
  ]);
  try {
    const s = await stats(stack);
    log(
      `index: ${s.index.servers} servers, ${s.index.tools} tools; ${s.documentEmbedding.pending} vectors pending`,
    );
    if (s.documentEmbedding.pending === 0) await assertVectorLeg(stack);
    const queries = buildQueries(corpus, 100 + 30_000 * (BREAKDOWN ? 4 : 2), Date.now() & 0xffffffff);
    let q = 0;
    const slice = (n: number): string[] => queries.slice(q, (q += n));
    await latency(stack, slice(100), 2); // warm-up: JIT, connection pools, query plans
    const rows: LatencyRow[] = [];
    for (const c of [1, 8]) {
      const row = await latency(stack, slice(30_000), c);
      rows.push(row);
      log(`c=${c}: ${JSON.stringify(row)}`);
    }
    const breakdown: Record<string, LatencyRow> = {};
    if (BREAKDOWN) {
      // c=1 only: where a query's time goes between the gateway, the entity fetches and the search subgraph.
      breakdown.gatewayOwnFields = await latency(stack, slice(30_000), 1, { document: SEARCH_OWN_FIELDS });
      breakdown.searchSubgraphDirect = await latency(stack, slice(30_000), 1, {
        document: SEARCH_OWN_FIELDS,
        url: `${stack.searchUrl}/graphql`,
      });
      for (const [name, row] of Object.entries(breakdown)) log(`${name} c=1: ${JSON.stringify(row)}`);
    }
    const afterLatency = await stats(stack);
    const lags = await lag(stack, PUBLISHES);
    const lagSummary = (xs: number[]) => ({
      p50: round(percentile(xs, 50)),
      p95: round(percentile(xs, 95)),
      p99: round(percentile(xs, 99)),
      max: round(xs[xs.length - 1] ?? NaN),
    });
    const summary = {
      corpus: { servers: s.index.servers, tools: s.index.tools, rejectedAtLoad: loaded.rejected },
      // Document texts still waiting for background embedding (0 = every document has its vectors).
      vectorsPending: {
        atStart: s.documentEmbedding.pending,
        afterLatencyRuns: afterLatency.documentEmbedding.pending,
      },
      durationSeconds: DURATION_S,
      search: rows,
      ...(BREAKDOWN ? { breakdown } : {}),
      publishToSearchableMs: {
        publishes: PUBLISHES,
        fromPublishSent: lagSummary(lags.fromSend),
        fromPublishAcknowledged: lagSummary(lags.fromAck),
      },
      targets: { c1P95Ms: 25, lagP99Ms: 1000 },
    };
    process.stdout.write('\nHYBRID search through the gateway, uncached queries\n');
    process.stdout.write(
      'c  req/s    p50 ms  p95 ms  p99 ms  errors  degraded  embed ms/query  embed share  CPU ms/req (main thread)\n',
    );
    for (const r of rows)
      process.stdout.write(
        `${String(r.concurrency).padEnd(3)}${String(r.requestsPerSecond).padEnd(9)}${String(r.p50).padEnd(8)}` +
          `${String(r.p95).padEnd(8)}${String(r.p99).padEnd(8)}${String(r.errors).padEnd(8)}${String(r.degraded).padEnd(10)}` +
          `${String(r.queryEmbeddingMs.mean).padEnd(16)}${`${Math.round(r.queryEmbeddingMs.shareOfLatency * 100)}%`.padEnd(13)}` +
          `${r.cpuMsPerRequest ? `${r.cpuMsPerRequest.process} (${r.cpuMsPerRequest.mainThread})` : '-'}\n`,
      );
    for (const [name, r] of Object.entries(breakdown))
      process.stdout.write(
        `c=1 ${name}: p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${r.requestsPerSecond} req/s, ` +
          `embed ${r.queryEmbeddingMs.mean} ms/query, CPU ${r.cpuMsPerRequest?.process ?? '-'} ms/req ` +
          `(main thread ${r.cpuMsPerRequest?.mainThread ?? '-'})\n`,
      );
    const l = summary.publishToSearchableMs.fromPublishSent;
    process.stdout.write(
      `\npublish → keyword-searchable over ${PUBLISHES} publishes: p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms\n`,
    );
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/search-latency.json'), `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await stack.process.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
