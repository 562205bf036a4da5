import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ANONYMOUS,
  createLogger,
  createTestDatabase,
  GATEWAY_TOKEN_HEADER,
  InProcessEventBus,
  Scope,
  signGatewayToken,
  testDialects,
  waitFor,
  type Principal,
  type TestDatabase,
} from '@mcpr/platform';
import { sqlSession } from '../src/data/sql';
import { SIGNING_KEY_FILE } from '../src/data/signing-key-file';
import { verifyInclusion } from '../src/domain';
import { loadAuditEnv } from '../src/env';
import { verifyRemoteLog, type VerifierState } from '../src/cli/remote-verifier';
import { startAudit, type RunningAudit } from '../src/service';
import { event, keyPrincipal, versionPublished, withoutAppendOnlyTriggers } from './support';

const SECRET = 's'.repeat(40);
const logger = createLogger('audit-service-test', 'silent');
const auditor = keyPrincipal([Scope.AUDIT_READ]);

function tokenHeader(principal: Principal): Record<string, string> {
  return { [GATEWAY_TOKEN_HEADER]: signGatewayToken(principal, SECRET) };
}

async function graphql(audit: RunningAudit, query: string, principal: Principal = ANONYMOUS) {
  const response = await fetch(`${audit.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...tokenHeader(principal) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

describe.each(testDialects())('audit service on %s', (dialect) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let bus: InProcessEventBus;
  let audit: RunningAudit;

  const start = async () => {
    const config = loadAuditEnv({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      AUDIT_CHECKPOINT_INTERVAL_MS: '25',
      AUDIT_ORIGIN: 'test.example/audit',
      ...(database?.target.dialect === 'postgresql' ? { AUDIT_DATABASE_URL: database.target.url } : {}),
    });
    return startAudit(config, SECRET, { host: '127.0.0.1', port: 0 }, { bus, migrate: true });
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcpr-audit-service-'));
    if (dialect === 'postgresql') database = await createTestDatabase('postgresql', 'audit');
    bus = new InProcessEventBus({ logger, retry: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 1000 } });
    audit = await start();
  });

  afterEach(async () => {
    await audit.close();
    await bus.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('appends a published version, with a proof that verifies against a signed checkpoint', async () => {
    const published = versionPublished('io.github.alice/weather', '1.0.0');
    await bus.publish([published, event('search.performed', 'weather')]);
    let found: any;
    await waitFor(
      async () => {
        const result = await graphql(audit, '{ auditLog { edges { node { index id type } } } }', auditor);
        found = result.data?.auditLog.edges[0]?.node;
        return found !== undefined;
      },
      // A bound, not a latency assertion: the 1 s target is measured by the e2e suite and bench/audit-throughput.
      10_000,
      'the audit entry',
    );
    expect(found).toEqual({ index: 0, id: published.id, type: 'version.published' });

    let checkpoint: any;
    await waitFor(
      async () => {
        checkpoint = (await graphql(audit, '{ auditCheckpoint { treeSize rootHash note signature } }')).data
          ?.auditCheckpoint;
        return checkpoint?.treeSize === 1;
      },
      1_000,
      'a checkpoint covering the entry',
    );
    const proof = (
      await graphql(audit, '{ auditInclusionProof(index: 0, treeSize: 1) { leafHash rootHash hashes } }')
    ).data.auditInclusionProof;
    expect(verifyInclusion(proof.leafHash, 0, 1, proof.hashes, checkpoint.rootHash)).toBe(true);
    // search.performed never reaches the log.
    expect(await audit.log.size()).toBe(1);
  });

  it('counts events into the analytics aggregates through their own consumer group (search.performed too)', async () => {
    await bus.publish([
      versionPublished('io.github.alice/weather', '3.0.0'),
      event('search.performed', 'anonymous', { data: { query: 'Weather', sampleRate: 0.5 } }),
      event('server.created', 'io.github.alice/weather'),
    ]);
    let snapshot: any;
    await waitFor(
      async () => {
        snapshot = (
          await graphql(
            audit,
            '{ analytics(window: 5) { publishesLastMinute searchesLastMinute topQueries { value count } tiers { value count } } }',
          )
        ).data?.analytics;
        return snapshot?.searchesLastMinute === 2 && snapshot?.tiers[0].count === 1;
      },
      2_000,
      'the aggregates',
    );
    expect(snapshot).toMatchObject({ publishesLastMinute: 1, topQueries: [{ value: 'weather', count: 2 }] });
    await waitFor(async () => (await audit.log.size()) === 2, 1_000, 'the log entries');
    const types = (
      await graphql(audit, '{ auditLog { edges { node { type } } } }', auditor)
    ).data.auditLog.edges.map((edge: any) => edge.node.type);
    expect(types).toEqual(['version.published', 'server.created']); // never search.performed
  });

  it('is verified offline by the remote verifier, which detects a rewritten entry', async () => {
    await bus.publish(Array.from({ length: 6 }, (_, i) => versionPublished('io.github.v/s', `1.0.${i}`)));
    await waitFor(async () => (await audit.log.latestCheckpoint())?.treeSize === 6, 2_000, 'checkpoint 6');
    const verify = (previous?: VerifierState) =>
      verifyRemoteLog({
        url: audit.url,
        headers: tokenHeader(auditor),
        readEntries: true,
        samples: 4,
        previous,
      });
    const first = await verify();
    expect(first.problems).toEqual([]);
    expect(first).toMatchObject({ ok: true, checked: { treeSize: 6, entries: 6 } });

    await bus.publish([event('access.denied', 'key-3'), versionPublished('io.github.v/s', '2.0.0')]);
    await waitFor(async () => (await audit.log.latestCheckpoint())?.treeSize === 8, 2_000, 'checkpoint 8');
    const second = await verify(first.state!);
    expect(second.problems).toEqual([]);
    expect(second.checked.consistency).toBeGreaterThanOrEqual(1);

    const sql = sqlSession(audit.orm);
    await withoutAppendOnlyTriggers(sql, 'audit_entry', async () => {
      await sql.run(`update ${sql.table('audit_entry')} set actor = 'mallory' where idx = 3`);
    });
    const third = await verify(second.state!);
    expect(third.ok).toBe(false);
    expect(third.problems.join('\n')).toMatch(/index 3\): recomputed leaf hash/);
    // A different key than the pinned one is never accepted silently.
    const pinned = await verifyRemoteLog({
      url: audit.url,
      headers: tokenHeader(ANONYMOUS),
      publicKey: 'A'.repeat(43) + '=',
    });
    expect(pinned.ok).toBe(false);
  });

  it('never acknowledges an event it could not write: the bus redelivers it until it is appended', async () => {
    const sql = sqlSession(audit.orm);
    const table = sql.table('audit_entry');
    if (dialect === 'postgresql') {
      await sql.run(
        `create function audit.block_insert() returns trigger language plpgsql as $$ begin raise exception 'disk on fire'; end $$`,
      );
      await sql.run(
        `create trigger block_insert before insert on ${table} for each row execute function audit.block_insert()`,
      );
    } else {
      await sql.run(
        `create trigger block_insert before insert on ${table} begin select raise(abort, 'disk on fire'); end`,
      );
    }
    // The in-process bus resolves publish() once every group handled the event: not while it fails.
    let acknowledged = false;
    const delivery = bus.publish([versionPublished()]).then(() => {
      acknowledged = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await audit.log.size()).toBe(0);
    expect(acknowledged).toBe(false);
    await sql.run(`drop trigger block_insert${dialect === 'postgresql' ? ` on ${table}` : ''}`);
    await delivery;
    expect(await audit.log.size()).toBe(1);
  });

  it('generates the signing key into DATA_DIR once (mode 600) and keeps it across restarts', async () => {
    const file = join(dataDir, SIGNING_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const publicKey = (await graphql(audit, '{ auditPublicKey }')).data.auditPublicKey;
    expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);
    const seed = readFileSync(file, 'utf8');
    await bus.publish([versionPublished()]);
    await waitFor(async () => (await audit.log.size()) === 1, 1_000, 'first entry');
    await audit.close();

    audit = await start();
    expect(readFileSync(file, 'utf8')).toBe(seed);
    expect((await graphql(audit, '{ auditPublicKey }')).data.auditPublicKey).toBe(publicKey);
    await bus.publish([versionPublished()]);
    await waitFor(async () => (await audit.log.size()) === 2, 1_000, 'second entry after restart');
    const keys = (await graphql(audit, '{ auditPublicKeys { publicKey validUntil } }')).data.auditPublicKeys;
    expect(keys).toEqual([{ publicKey, validUntil: null }]);
  });

  it('answers /ready with the database and the bus', async () => {
    const response = await fetch(`${audit.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ checks: { database: true, bus: true } });
    const refused = await fetch(`${audit.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ auditPublicKey }' }),
    });
    expect(refused.status).toBe(401);
  });
});
