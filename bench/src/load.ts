import autocannon from 'autocannon';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';

export interface LoadResult {
  name: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * One autocannon run: a POST of `body`, or a cycle of mixed `requests` (each connection goes through them
 * in order); latency percentiles in ms from the full histogram.
 */
export async function runLoad(options: {
  name: string;
  url: string;
  body?: string;
  requests?: autocannon.Request[];
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}): Promise<LoadResult> {
  const result = (await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    requests: options.requests,
    connections: options.connections,
    duration: options.durationSeconds,
    skipAggregateResult: true,
  } as autocannon.Options)) as unknown as {
    latencies: string;
    totalCompletedRequests: number;
    errors: number;
    non2xx: number;
    start: Date | number;
    finish: Date | number;
  };
  const histogram = decodeFromCompressedBase64(result.latencies);
  const elapsedSeconds =
    (Number(new Date(result.finish)) - Number(new Date(result.start))) / 1000 || options.durationSeconds;
  const out: LoadResult = {
    name: options.name,
    connections: options.connections,
    requests: result.totalCompletedRequests,
    requestsPerSecond: Math.round(result.totalCompletedRequests / elapsedSeconds),
    p50: histogram.getValueAtPercentile(50),
    p95: histogram.getValueAtPercentile(95),
    p99: histogram.getValueAtPercentile(99),
    errors: result.errors,
    non2xx: result.non2xx,
  };
  histogram.destroy();
  return out;
}

export function formatTable(rows: LoadResult[]): string {
  const header = ['scenario', 'c', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'non-2xx'];
  const lines = rows.map((r) =>
    [r.name, r.connections, r.requestsPerSecond, r.p50, r.p95, r.p99, r.errors, r.non2xx].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}
