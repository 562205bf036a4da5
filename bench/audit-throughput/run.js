#!/usr/bin/env node
// Audit log throughput benchmark (embedded engine: SQLite via libsql).
//
//   node bench/audit-throughput/run.js [--entries 100000] [--rate-seconds 4] [--publishes 300] [--skip-stack]
//   [--out results.json]
//
// 1. The log alone: appends/s one event per transaction (as one bus consumer delivers), with the
//    consumer's group commit under concurrent deliveries, and in batches; filled to --entries.
// 1b. The analytics aggregates: ms per search.performed committed alone, at the log's level and their own.
// 2. Proof generation at that size: inclusion and consistency proofs, p50/p95/p99 (the code path the
//    GraphQL resolvers call: one head read and ONE node query per proof).
// 3. Sustained bus → log: events published on the in-process bus at fixed rates to a started audit
//    service; lag from event time to append, and whether the log keeps up.
// 4. The real path: publishServer through the gateway (registry → outbox → bus → audit), publish
//    rate and audit lag, and an end-to-end check that the entry is visible through the gateway with
//    an inclusion proof that verifies offline.
// Prints figures and a JSON summary. Runs the TypeScript sources through ./register.js (no build).
'use strict';

require('./register');

const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const platform = require('@mcpr/platform');
const audit = require('@mcpr/audit');

const args = parseArgs(process.argv.slice(2));
const ENTRIES = Number(args.entries ?? 100_000);
const RATE_SECONDS = Number(args['rate-seconds'] ?? 4);
const PUBLISHES = Number(args.publishes ?? 300);
const logger = platform.createLogger('bench-audit', 'silent');
const out = (line = '') => process.stdout.write(`${line}\n`);

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 1) {
    if (!argv[i].startsWith('--')) continue;
    const name = argv[i].slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) parsed[name] = true;
    else {
      parsed[name] = next;
      i += 1;
    }
  }
  return parsed;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v) => Math.round(v * 1000) / 1000;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

let sequence = 0;
/** A registry-like version.published event with a ~1 KB manifest (what the log mostly holds). */
function versionEvent() {
  const n = sequence++;
  const name = `io.github.bench/server-${n % 997}`;
  const version = `1.${Math.floor(n / 997)}.0`;
  return platform.createEvent({
    type: 'version.published',
    source: 'registry',
    actor: 'bench',
    subject: name,
    data: {
      serverId: `srv-${n % 997}`,
      name,
      versionId: platform.uuidv7(),
      version,
      manifestDigest: 'ab'.repeat(32),
      isLatest: true,
      manifest: {
        name,
        version,
        description: 'A benchmark MCP server that fetches weather forecasts for agents',
        packages: [
          { registryType: 'npm', identifier: `@bench/server-${n}`, version, transport: { type: 'stdio' } },
        ],
        _meta: {
          'io.mcpr/publisher-provided': {
            tools: ['get_forecast', 'get_alerts', 'list_stations'].map((tool) => ({
              name: tool,
              description: `${tool} for a location`,
              inputSchema: {
                type: 'object',
                properties: { location: { type: 'string' } },
                required: ['location'],
              },
            })),
            categories: ['weather'],
          },
        },
      },
    },
  });
}

async function openLog(dir, sqliteSynchronous = 'full') {
  const orm = await platform.createOrm({
    target: { dialect: 'sqlite', file: join(dir, 'audit.sqlite') },
    entities: audit.auditEntities,
    migrations: audit.auditMigrations,
  });
  await platform.migrateUp(orm);
  const store = await audit.openAuditStore(orm, { sqliteSynchronous });
  const log = new audit.AuditLog({
    repository: store.repository,
    signingKey: audit.generateSigningKey(),
    origin: 'bench.local/audit',
    logger,
  });
  await log.start();
  return { orm, log, store };
}

async function timed(count, work) {
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  return { count, ms: Math.round(ms), perSecond: Math.round((count / ms) * 1000) };
}

async function logAlone(summary) {
  out('== 1. the log alone (embedded SQLite, WAL, synchronous=FULL as the service runs it)');
  const dir = mkdtempSync(join(tmpdir(), 'mcpr-bench-audit-'));
  const { orm, log } = await openLog(dir);
  try {
    const single = await timed(2000, async () => {
      for (let i = 0; i < 2000; i += 1) await log.ingest([versionEvent()]);
    });
    out(
      `  one event per transaction (one bus consumer):   ${single.perSecond} appends/s (${single.count} in ${single.ms} ms)`,
    );

    const queue = new audit.IngestQueue(log);
    const batches = [];
    const original = log.ingest.bind(log);
    log.ingest = (events) => {
      batches.push(events.length);
      return original(events);
    };
    const concurrent = await timed(20_000, async () => {
      let next = 0;
      const worker = async () => {
        while (next < 20_000) {
          next += 1;
          await queue.submit(versionEvent());
        }
      };
      await Promise.all(Array.from({ length: 64 }, worker));
    });
    log.ingest = original;
    const meanBatch = Math.round(batches.reduce((a, b) => a + b, 0) / batches.length);
    out(
      `  group commit, 64 concurrent deliveries:         ${concurrent.perSecond} appends/s (mean batch ${meanBatch})`,
    );

    const batched = {};
    for (const size of [10, 100, 500]) {
      const total = size === 10 ? 5_000 : 20_000;
      const result = await timed(total, async () => {
        for (let i = 0; i < total; i += size) await log.ingest(Array.from({ length: size }, versionEvent));
      });
      batched[size] = result.perSecond;
      out(
        `  batches of ${String(size).padEnd(3)} (backlog catch-up):            ${result.perSecond} appends/s`,
      );
    }

    const have = await log.size();
    const fill = await timed(Math.max(0, ENTRIES - have), async () => {
      for (let size = have; size < ENTRIES; size += 500) {
        await log.ingest(Array.from({ length: Math.min(500, ENTRIES - size) }, versionEvent));
      }
    });
    out(`  filled to ${ENTRIES} entries at ${fill.perSecond} appends/s`);

    const signStart = performance.now();
    const checkpoint = await log.checkpoint();
    const checkpointMs = Math.round((performance.now() - signStart) * 1000) / 1000;
    out(`  checkpoint at ${checkpoint.treeSize}: root + Ed25519 signature in ${checkpointMs} ms`);

    out(`== 2. proof generation at ${ENTRIES} entries`);
    const size = await log.size();
    const random = (max) => Math.floor(Math.random() * max);
    for (let i = 0; i < 300; i += 1) await log.inclusionProof(random(size), size); // warm-up
    const inclusion = [];
    let verified = 0;
    for (let i = 0; i < 3000; i += 1) {
      const index = random(size);
      const start = performance.now();
      const proof = await log.inclusionProof(index, size);
      inclusion.push(performance.now() - start);
      if (
        i % 100 === 0 &&
        audit.verifyInclusion(proof.leafHash, index, size, proof.hashes, checkpoint.rootHash)
      ) {
        verified += 1;
      }
    }
    const inclusionAnySize = [];
    for (let i = 0; i < 1000; i += 1) {
      const treeSize = 1 + random(size);
      const start = performance.now();
      await log.inclusionProof(random(treeSize), treeSize);
      inclusionAnySize.push(performance.now() - start);
    }
    const consistency = [];
    for (let i = 0; i < 1000; i += 1) {
      const from = 1 + random(size - 1);
      const start = performance.now();
      await log.consistencyProof(from, size);
      consistency.push(performance.now() - start);
    }
    const inc = stats(inclusion);
    const incAny = stats(inclusionAnySize);
    const con = stats(consistency);
    out(
      `  inclusion proof at the current size: p50 ${inc.p50} ms  p95 ${inc.p95} ms  p99 ${inc.p99} ms  (${inc.n} proofs, ${verified}/30 spot-checked)`,
    );
    out(
      `  inclusion proof at a random size:    p50 ${incAny.p50} ms  p95 ${incAny.p95} ms  p99 ${incAny.p99} ms`,
    );
    out(`  consistency proof m → current:       p50 ${con.p50} ms  p95 ${con.p95} ms  p99 ${con.p99} ms`);

    summary.logAlone = {
      engine: 'sqlite (libsql), WAL, synchronous=FULL',
      oneEventPerTransaction: single.perSecond,
      groupCommit64Concurrent: { perSecond: concurrent.perSecond, meanBatch },
      batches: batched,
      bulkFillPerSecond: fill.perSecond,
      checkpointMs,
    };
    summary.logAlone.normalSynchronousOneEventPerTransaction = await normalComparison();
    summary.proofs = {
      entries: size,
      inclusion: inc,
      inclusionRandomSize: incAny,
      consistency: con,
      spotChecksVerified: verified,
    };
  } finally {
    await orm.close(true);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same one-event-per-transaction figure with synchronous=NORMAL (no fsync per commit), for comparison. */
async function normalComparison() {
  const dir = mkdtempSync(join(tmpdir(), 'mcpr-bench-audit-normal-'));
  const { orm, log } = await openLog(dir, 'normal');
  try {
    const single = await timed(2000, async () => {
      for (let i = 0; i < 2000; i += 1) await log.ingest([versionEvent()]);
    });
    out(`  (for comparison, synchronous=NORMAL, one event per transaction: ${single.perSecond} appends/s)`);
    return single.perSecond;
  } finally {
    await orm.close(true);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The analytics aggregates: one `search.performed` per transaction, as every search costs them. In
 * embedded mode the commit runs on the thread that serves searches (libsql is synchronous), so its fsync
 * is search latency; compare the log's level with the aggregates' own session.
 */
async function analyticsCommits(summary) {
  out('== 1b. analytics aggregates, one search.performed per transaction');
  const { SqlAnalyticsRepository } = require('../../subgraphs/audit/src/data/analytics-repository');
  const { AnalyticsService } = require('../../subgraphs/audit/src/domain/analytics');
  const dir = mkdtempSync(join(tmpdir(), 'mcpr-bench-analytics-'));
  const { orm, store } = await openLog(dir);
  try {
    const search = (i) =>
      platform.createEvent({
        type: 'search.performed',
        source: 'search',
        actor: 'anonymous',
        subject: `query ${i}`,
        data: { query: `query ${i % 300}`, mode: 'HYBRID', totalCount: 7, sampleRate: 1 },
      });
    summary.analyticsCommitMs = {};
    const sessions = [
      ['full', 'synchronous=FULL (the log’s level)', store.sql],
      ['normal', 'synchronous=NORMAL (the aggregates’ session)', store.analyticsSql],
    ];
    for (const [key, label, sql] of sessions) {
      const analytics = new AnalyticsService({ repository: new SqlAnalyticsRepository(sql) });
      for (let i = 0; i < 200; i += 1) await analytics.ingest([search(i)]);
      const count = 2000;
      const start = performance.now();
      for (let i = 0; i < count; i += 1) await analytics.ingest([search(i)]);
      const ms = (performance.now() - start) / count;
      out(`  ${label}: ${ms.toFixed(2)} ms per event`);
      summary.analyticsCommitMs[key] = Math.round(ms * 100) / 100;
    }
  } finally {
    await orm.close(true);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function busToLog(summary) {
  out(
    '== 3. sustained bus → log (in-process bus, started audit service, one delivery at a time, synchronous=FULL)',
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'mcpr-bench-audit-svc-'));
  const bus = new platform.InProcessEventBus({ logger });
  const config = audit.loadAuditEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const service = await audit.startAudit(config, 'b'.repeat(40), { host: '127.0.0.1', port: 0 }, { bus });
  const { sql } = await audit.openAuditStore(service.orm);
  const rows = [];
  try {
    for (const rate of [100, 250, 500, 1000]) {
      const before = await service.log.size();
      const total = rate * RATE_SECONDS;
      const start = performance.now();
      let sent = 0;
      const deliveries = [];
      // Publish in 10 ms ticks at the target rate, without waiting for delivery (the in-process bus
      // resolves publish() only once every group handled the events): independent producers.
      while (sent < total) {
        const due = Math.min(total, Math.round(((performance.now() - start) / 1000) * rate));
        if (due > sent) {
          deliveries.push(bus.publish(Array.from({ length: due - sent }, versionEvent)));
          sent = due;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const publishedMs = performance.now() - start;
      const achieved = Math.round((total / publishedMs) * 1000);
      const backlogAtEnd = before + total - (await service.log.size());
      await Promise.all(deliveries);
      const drainMs = Math.round(performance.now() - start - publishedMs);
      const lags = (
        await sql.all(`select occurred_at, appended_at from audit_entry where idx >= ? and idx < ?`, [
          before,
          before + total,
        ])
      ).map((row) => Number(row.appended_at) - Date.parse(row.occurred_at));
      const lag = stats(lags);
      const keptUp = lag.p95 < 1000 && drainMs < 1000;
      rows.push({
        rate,
        achievedRate: achieved,
        published: total,
        backlogAtEnd,
        drainMs,
        lagMs: lag,
        keptUp,
      });
      out(
        `  ${String(rate).padStart(5)} events/s for ${RATE_SECONDS} s (achieved ${achieved}/s): lag p50 ${lag.p50} ms  p95 ${lag.p95} ms  max ${lag.max} ms; ` +
          `backlog at end ${backlogAtEnd}, drained in ${drainMs} ms → ${keptUp ? 'keeps up' : 'falls behind'}`,
      );
    }
  } finally {
    await service.close();
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  summary.busToLog = rows;
}

const PUBLISH = `mutation PublishServer($input: PublishServerInput!) {
  publishServer(input: $input) { version { id version } userErrors { code message path } }
}`;

async function gatewayPublish(summary) {
  out('== 4. publishServer through the gateway → registry outbox → bus → audit (all in this process)');
  const { startRegistry, loadRegistryEnv } = require('@mcpr/registry');
  const { startGateway, loadGatewayEnv } = require('@mcpr/gateway');
  const { printSubgraphs } = require('@mcpr/schema/subgraphs');
  const { compose } = require('@mcpr/schema/compose');
  const { syntheticManifests } = require('../src/synthetic-servers');

  const dataDir = mkdtempSync(join(tmpdir(), 'mcpr-bench-audit-stack-'));
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', RATE_LIMITS: 'off' };
  const secret = 'g'.repeat(40);
  const bus = platform.createEventBus({ logger });
  const started = [];
  try {
    const { supergraphSdl } = compose(await printSubgraphs());
    const auditService = await audit.startAudit(
      audit.loadAuditEnv(env),
      secret,
      { host: '127.0.0.1', port: 0 },
      { bus },
    );
    started.push(auditService);
    const registry = await startRegistry(
      { ...loadRegistryEnv(env), GATEWAY_TOKEN_SECRET: secret },
      { host: '127.0.0.1', port: 0 },
      { gatewayTokenSecret: secret, bus },
    );
    started.push(registry);
    const unused = 'http://127.0.0.1:9'; // trust and search are not on the publish path
    const gateway = await startGateway(
      {
        config: loadGatewayEnv(env),
        secret,
        supergraphSdl,
        subgraphUrls: { registry: registry.url, audit: auditService.url, trust: unused, search: unused },
        bus,
      },
      { host: '127.0.0.1', port: 0 },
    );
    started.push(gateway);
    const adminKey = registry.bootstrap.key;
    const call = async (query, variables) => {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    };
    await call(
      'mutation($input: CreateNamespaceInput!) { createNamespace(input: $input) { userErrors { message } } }',
      {
        input: { name: 'io.github.bench', owner: 'bench' },
      },
    );

    const manifests = syntheticManifests(PUBLISHES);
    const publishedAt = new Map();
    const latencies = [];
    let failures = 0;
    let next = 0;
    const start = performance.now();
    const worker = async () => {
      while (next < manifests.length) {
        const manifest = manifests[next];
        next += 1;
        const t0 = performance.now();
        const result = await call(PUBLISH, { input: { manifest } });
        latencies.push(performance.now() - t0);
        const version = result.data?.publishServer?.version;
        if (!version) failures += 1;
        else publishedAt.set(version.id, Date.now());
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const publishMs = performance.now() - start;
    const publishRate = Math.round((manifests.length / publishMs) * 1000);
    const sql = (await audit.openAuditStore(auditService.orm)).sql;
    const countPublished = async () =>
      Number((await sql.all(`select count(*) as n from audit_entry where type = 'version.published'`))[0].n);
    await platform.waitFor(
      async () => (await countPublished()) >= publishedAt.size,
      30_000,
      'audit catch-up',
      20,
    );
    const caughtUpMs = Math.round(performance.now() - start - publishMs);
    const lags = (
      await sql.all(
        `select version_id, occurred_at, appended_at from audit_entry where type = 'version.published'`,
      )
    ).map((row) => Number(row.appended_at) - Date.parse(row.occurred_at));
    const lag = stats(lags);
    const publish = stats(latencies);
    out(
      `  ${manifests.length} publishes, 8 concurrent: ${publishRate} publishes/s (p50 ${Math.round(publish.p50)} ms, p95 ${Math.round(publish.p95)} ms), ${failures} failed`,
    );
    out(
      `  audit lag (registry event time → appended): p50 ${lag.p50} ms  p95 ${lag.p95} ms  max ${lag.max} ms; caught up ${caughtUpMs} ms after the last publish`,
    );

    // End to end: one more publish, then its audit entry through the gateway, with a verifying proof.
    const manifest = { ...manifests[0], version: '2.0.0' };
    const t0 = performance.now();
    const published = await call(PUBLISH, { input: { manifest } });
    const versionId = published.data.publishServer.version.id;
    let entry;
    await platform.waitFor(
      async () => {
        const result = await call(
          `query($name: String!) { serverVersion(name: $name, version: "2.0.0") { auditTrail(first: 5) { edges { node { index type } } } } }`,
          { name: manifest.name },
        );
        entry = result.data?.serverVersion?.auditTrail?.edges.find(
          (edge) => edge.node.type === 'version.published',
        );
        return entry !== undefined;
      },
      5_000,
      'the audit entry through the gateway',
      5,
    );
    const visibleMs = Math.round(performance.now() - t0);
    await platform.waitFor(
      async () => (await auditService.log.latestCheckpoint()).treeSize > entry.node.index,
      5_000,
      'checkpoint',
      20,
    );
    const report = await audit.verifyRemoteLog({ url: gateway.url, apiKey: adminKey, samples: 16 });
    out(
      `  end to end: version ${versionId} visible in auditTrail through the gateway ${visibleMs} ms after publishServer returned;` +
        ` offline verifier: ${report.ok ? 'OK' : `FAILED ${report.problems.join('; ')}`} (${report.checked.inclusion} inclusion proofs, ${report.checked.entries} entries, ${report.checked.consistency} consistency proofs)`,
    );
    summary.gatewayPublish = {
      publishes: manifests.length,
      concurrency: 8,
      publishesPerSecond: publishRate,
      publishLatencyMs: publish,
      failures,
      auditLagMs: lag,
      caughtUpMsAfterLastPublish: caughtUpMs,
      endToEnd: { visibleThroughGatewayMs: visibleMs, verifierOk: report.ok, problems: report.problems },
    };
  } finally {
    for (const service of started.reverse()) await service.close().catch(() => undefined);
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const summary = { benchmark: 'audit-throughput', node: process.version, entries: ENTRIES };
  await logAlone(summary);
  await analyticsCommits(summary);
  await busToLog(summary);
  if (!args['skip-stack']) {
    try {
      await gatewayPublish(summary);
    } catch (error) {
      out(`  skipped: ${error.message}`);
      summary.gatewayPublish = { skipped: error.message };
    }
  }
  summary.targets = {
    appendsPerSecond: 2000,
    proofP95Ms: 2,
    metAppend:
      Math.max(
        summary.logAlone.groupCommit64Concurrent.perSecond,
        ...Object.values(summary.logAlone.batches),
      ) >= 2000,
    metProof: summary.proofs.inclusion.p95 <= 2 && summary.proofs.consistency.p95 <= 2,
  };
  out('== summary (JSON)');
  out(JSON.stringify(summary, null, 2));
  if (args.out) writeFileSync(args.out, `${JSON.stringify(summary, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
