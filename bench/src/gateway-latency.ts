import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANONYMOUS, GATEWAY_TOKEN_HEADER, signGatewayToken } from '@mcpr/platform';
import { startStackProcess, ROOT } from '@mcpr/e2e';
import { syntheticManifests } from './synthetic-servers';
import { formatTable, runLoad, type LoadResult } from './load';
import { publishThroughGateway } from './seed-through-gateway';

/**
 * bench/gateway-latency: the embedded stack seeded with 1,000 servers; ServerDetail (registry fields) and
 * ListServers through the gateway and straight from the registry subgraph, at concurrency 1 and 16.
 * Usage: pnpm build && node bench/dist/gateway-latency.js [--servers 1000] [--duration 10]
 */
const SERVER_DETAIL = `query ServerDetail($name: String!) {
  server(name: $name) {
    id name title description status installCount namespace { name }
    latestVersion {
      id version status isLatest publishedAt manifestDigest manifest
      packages { registryType identifier version runtimeHint transport { type url } }
      remotes { type url }
      tools { name title description inputSchema annotations { readOnlyHint destructiveHint idempotentHint openWorldHint } }
    }
    versions(first: 50) { edges { node { version status isLatest publishedAt } } pageInfo { hasNextPage endCursor } }
  }
}`;

const LIST_SERVERS = `query ListServers($first: Int, $after: String) {
  servers(first: $first, after: $after) {
    totalCount
    edges { cursor node { name description status latestVersion { version } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const serverCount = arg('servers', 1000);
  const duration = arg('duration', 10);
  process.stderr.write(`starting the embedded stack and seeding ${serverCount} servers…\n`);
  const stack = await startStackProcess();
  try {
    const manifests = syntheticManifests(serverCount);
    const seedStart = Date.now();
    await publishThroughGateway(stack.gatewayUrl, stack.adminKey, manifests);
    process.stderr.write(`seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s\n`);
    const name = String(manifests[Math.floor(serverCount / 2)]!.name);
    const bodies = {
      ServerDetail: JSON.stringify({ query: SERVER_DETAIL, variables: { name } }),
      ListServers: JSON.stringify({ query: LIST_SERVERS, variables: { first: 20 } }),
    };
    // The bench signs its own gateway token (valid for the whole run) to call the subgraph directly.
    const directHeaders = { [GATEWAY_TOKEN_HEADER]: signGatewayToken(ANONYMOUS, stack.gatewaySecret, 3600) };
    const rows: LoadResult[] = [];
    for (const connections of [1, 16]) {
      for (const [operation, body] of Object.entries(bodies)) {
        for (const [via, url, headers] of [
          ['gateway', `${stack.gatewayUrl}/graphql`, {}],
          ['direct', `${stack.registryUrl}/graphql`, directHeaders],
        ] as const) {
          await runLoad({ name: `${operation} ${via}`, url, body, headers, connections, durationSeconds: 2 }); // warm-up
          const result = await runLoad({
            name: `${operation} ${via}`,
            url,
            body,
            headers,
            connections,
            durationSeconds: duration,
          });
          rows.push(result);
          process.stderr.write(
            `${result.name} c=${connections}: ${result.requestsPerSecond} req/s p95 ${result.p95} ms\n`,
          );
        }
      }
    }
    const ratio = (operation: string) => {
      const gateway = rows.find((r) => r.name === `${operation} gateway` && r.connections === 16)!;
      const direct = rows.find((r) => r.name === `${operation} direct` && r.connections === 16)!;
      return Math.round((gateway.requestsPerSecond / direct.requestsPerSecond) * 1000) / 10;
    };
    const summary = {
      benchmark: 'gateway-latency',
      servers: serverCount,
      durationSeconds: duration,
      results: rows,
      targets: {
        gatewayP95AtC1: Object.fromEntries(
          rows
            .filter((r) => r.connections === 1 && r.name.endsWith('gateway'))
            .map((r) => [r.name, { p95: r.p95, target: 10 }]),
        ),
        gatewayShareOfDirectAtC16Percent: {
          ServerDetail: ratio('ServerDetail'),
          ListServers: ratio('ListServers'),
          target: 50,
        },
      },
    };
    process.stdout.write(`\n${formatTable(rows)}\n\n`);
    process.stdout.write(
      `gateway throughput as a share of direct at c=16: ServerDetail ${ratio('ServerDetail')}%, ListServers ${ratio('ListServers')}%\n`,
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'gateway-latency.json'), JSON.stringify(summary, null, 2));
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
