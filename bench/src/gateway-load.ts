import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { request } from 'undici';
import {
  DISTRIBUTED_SERVICES,
  ROOT,
  startDistributedStack,
  startStackProcess,
  type DistributedServiceName,
} from '@mcpr/e2e';
import { runLoad, type LoadResult } from './load';
import { syntheticManifests } from './synthetic-servers';
import { publishThroughGateway } from './seed-through-gateway';

/**
 * bench/gateway-load: mixed read traffic (server detail, server list, hybrid search, REST list) through the
 * gateway of the embedded stack (one process) and of the distributed stack (one process per service on
 * PostgreSQL + Redis), at doubling concurrency until p99 exceeds the budget. Prints the knee — the highest
 * throughput whose p99 stays within the budget — and the peak resident memory of every process.
 *
 * Usage: pnpm build && node bench/dist/gateway-load.js [--layouts embedded,distributed] [--servers 500]
 *        [--duration 10] [--budget 100] [--max-connections 256]
 * The distributed layout needs DATABASE_URL and REDIS_URL (defaults: the loopback services of
 * ARCHITECTURE "Services"). Search uses the hashing embedder: the shipped encoder's cost is measured by
 * bench/search-latency, not here.
 */
const SERVER_DETAIL = `query ServerDetail($name: String!) { server(name: $name) {
  id name title description status installCount namespace { name }
  latestVersion { id version status isLatest publishedAt manifestDigest
    packages { registryType identifier version runtimeHint transport { type url } }
    tools { name title description inputSchema } }
  versions(first: 50) { edges { node { version status isLatest publishedAt } } } } }`;
const LIST_SERVERS = `query ListServers($first: Int, $after: String) { servers(first: $first, after: $after) {
  totalCount edges { cursor node { name description status latestVersion { version } } }
  pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query Search($query: String!, $mode: SearchMode, $first: Int) {
  search(query: $query, mode: $mode, first: $first) { degraded totalCount
    hits { score server { name description } matchedTools { name } } } }`;
const SEARCH_QUERIES = [
  'query a postgres database',
  'send a slack message',
  'search github issues',
  'read files from disk',
  'fetch a web page',
  'create calendar events',
  'list kubernetes pods',
  'summarize documents',
];

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

type Layout = 'embedded' | 'distributed';

interface Target {
  gatewayUrl: string;
  adminKey: string;
  /** Base URL per process whose /metrics reports its resident memory. */
  processes: Record<string, string>;
  stop(): Promise<void>;
}

type Step = LoadResult;

/** The request mix one connection cycles through: 4 kinds, equal shares, names and queries varied. */
function mixedRequests(names: string[]): autocannon.Request[] {
  const graphql = (query: string, variables: Record<string, unknown>): autocannon.Request => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const requests: autocannon.Request[] = [];
  for (let i = 0; i < SEARCH_QUERIES.length; i++) {
    requests.push(
      graphql(SERVER_DETAIL, { name: names[(i * 97) % names.length] }),
      graphql(LIST_SERVERS, { first: 20 }),
      graphql(SEARCH, { query: SEARCH_QUERIES[i], mode: 'HYBRID', first: 10 }),
      { method: 'GET', path: '/v0.1/servers?version=latest&limit=30' },
    );
  }
  return requests;
}

async function runStep(url: string, requests: autocannon.Request[], connections: number, duration: number) {
  return runLoad({ name: 'mixed', url, requests, connections, durationSeconds: duration });
}

/** Resident memory (bytes) of the process behind `baseUrl`, from its Prometheus /metrics. */
async function residentMemory(baseUrl: string): Promise<number | null> {
  try {
    const response = await request(`${baseUrl}/metrics`);
    const text = await response.body.text();
    if (response.statusCode !== 200) return null;
    const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes'));
    return line ? Number(line.trim().split(/\s+/).at(-1)) : null;
  } catch {
    return null;
  }
}

/** Samples every process's resident memory each second while `work` runs; returns the peaks. */
async function withMemoryPeaks<T>(
  processes: Record<string, string>,
  work: () => Promise<T>,
): Promise<{ result: T; peaks: Record<string, number | null> }> {
  const peaks: Record<string, number | null> = Object.fromEntries(
    Object.keys(processes).map((n) => [n, null]),
  );
  const sample = async () => {
    for (const [name, url] of Object.entries(processes)) {
      const rss = await residentMemory(url);
      if (rss !== null) peaks[name] = Math.max(peaks[name] ?? 0, rss);
    }
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  try {
    return { result: await work(), peaks };
  } finally {
    sampling = false;
    await sampler;
  }
}

async function startTarget(layout: Layout): Promise<Target> {
  const env = { RATE_LIMITS: 'off', SEARCH_EMBEDDER: 'hashing', LOG_LEVEL: 'warn' };
  if (layout === 'embedded') {
    const stack = await startStackProcess({ env });
    return {
      gatewayUrl: stack.gatewayUrl,
      adminKey: stack.adminKey,
      processes: { embedded: stack.gatewayUrl },
      stop: () => stack.stop(),
    };
  }
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  const stack = await startDistributedStack({ env });
  return {
    gatewayUrl: stack.gatewayUrl,
    adminKey: stack.adminKey,
    processes: Object.fromEntries(
      DISTRIBUTED_SERVICES.map((name: DistributedServiceName) => [name, stack.url(name)]),
    ),
    stop: () => stack.stop(),
  };
}

async function benchLayout(
  layout: Layout,
  servers: number,
  duration: number,
  budget: number,
  maxConnections: number,
) {
  process.stderr.write(`[${layout}] starting and seeding ${servers} servers…\n`);
  const target = await startTarget(layout);
  try {
    const manifests = syntheticManifests(servers);
    await publishThroughGateway(target.gatewayUrl, target.adminKey, manifests);
    const requests = mixedRequests(manifests.map((m) => String(m.name)));
    const url = target.gatewayUrl;
    await runStep(url, requests, 4, 3); // warm-up: plans, caches, JIT
    const { result: steps, peaks } = await withMemoryPeaks(target.processes, async () => {
      const done: Step[] = [];
      for (let connections = 1; connections <= maxConnections; connections *= 2) {
        const step = await runStep(url, requests, connections, duration);
        done.push(step);
        process.stderr.write(
          `[${layout}] c=${connections}: ${step.requestsPerSecond} req/s p50 ${step.p50} p95 ${step.p95} p99 ${step.p99} ms` +
            (step.errors || step.non2xx ? ` errors ${step.errors} non-2xx ${step.non2xx}` : '') +
            '\n',
        );
        if (step.p99 > budget) break;
      }
      return done;
    });
    const within = steps.filter((s) => s.p99 <= budget && s.errors === 0 && s.non2xx === 0);
    const knee = within.reduce<Step | null>(
      (best, s) => (!best || s.requestsPerSecond > best.requestsPerSecond ? s : best),
      null,
    );
    return { layout, steps, knee, peakResidentMemoryMiB: mebibytes(peaks) };
  } finally {
    await target.stop();
  }
}

function mebibytes(peaks: Record<string, number | null>): Record<string, number | null> {
  return Object.fromEntries(
    Object.entries(peaks).map(([name, bytes]) => [name, bytes === null ? null : Math.round(bytes / 1048576)]),
  );
}

async function main(): Promise<void> {
  const layouts = option('layouts', 'embedded,distributed').split(',') as Layout[];
  const servers = Number(option('servers', '500'));
  const duration = Number(option('duration', '10'));
  const budget = Number(option('budget', '100'));
  const maxConnections = Number(option('max-connections', '256'));
  const results = [];
  for (const layout of layouts)
    results.push(await benchLayout(layout, servers, duration, budget, maxConnections));
  process.stdout.write('\nlayout       c     req/s   p50   p95   p99  errors\n');
  for (const r of results) {
    for (const s of r.steps) {
      process.stdout.write(
        `${r.layout.padEnd(11)} ${String(s.connections).padStart(3)} ${String(s.requestsPerSecond).padStart(9)} ${String(s.p50).padStart(5)} ${String(s.p95).padStart(5)} ${String(s.p99).padStart(5)}  ${s.errors + s.non2xx}\n`,
      );
    }
    process.stdout.write(
      `${r.layout}: knee ${r.knee ? `${r.knee.requestsPerSecond} req/s at c=${r.knee.connections} (p99 ${r.knee.p99} ms)` : `none (p99 > ${budget} ms at c=1)`}; ` +
        `peak RSS MiB ${JSON.stringify(r.peakResidentMemoryMiB)}\n`,
    );
  }
  const summary = {
    benchmark: 'gateway-load',
    servers,
    durationSeconds: duration,
    p99BudgetMs: budget,
    results,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'gateway-load.json'), JSON.stringify(summary, null, 2));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
