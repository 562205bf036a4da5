import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ANONYMOUS,
  GATEWAY_TOKEN_HEADER,
  InProcessEventBus,
  signGatewayToken,
  waitFor,
  type EventEnvelope,
} from '@mcpr/platform';
import { loadTrustEnv } from '../src/env';
import { startTrust, type RunningTrust } from '../src/service';
import { installRecorded, newServer, poisonedManifest, silentLogger, versionPublished } from './helpers';

const secret = 'g'.repeat(40);

describe('startTrust (embedded SQLite, in-process bus)', () => {
  let dataDir: string;
  let bus: InProcessEventBus;
  let trust: RunningTrust;
  const downstream: EventEnvelope[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcpr-trust-svc-'));
    bus = new InProcessEventBus({ logger: silentLogger });
    // Another consumer (audit, search), subscribed before trust's relay starts, as the embedded runtime does.
    await bus.subscribe({ group: 'downstream', types: ['scan.*', 'tier.*'] }, async (event) => {
      downstream.push(event);
    });
    const config = loadTrustEnv({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      COMMUNITY_TRUSTED_MIN_INSTALLS: '2',
    });
    trust = await startTrust(config, secret, { host: '127.0.0.1', port: 0 }, { bus });
  });
  afterAll(async () => {
    await trust?.close();
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function graphql(query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${trust.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [GATEWAY_TOKEN_HEADER]: signGatewayToken(ANONYMOUS, secret),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  }

  it('scans what the registry publishes, serves it, and relays its own events to the bus', async () => {
    const s = newServer('acme');
    // The registry's relay publishes; the in-process bus resolves once trust has committed the scan.
    await bus.publish([versionPublished({ ...s, manifest: poisonedManifest(s.name) })]);
    const result = await graphql(
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on ServerVersion {
              scan {
                status
                findings {
                  ruleId
                }
              }
            }
          }
        }
      `,
      { r: [{ __typename: 'ServerVersion', id: s.versionId }] },
    );
    expect(result.data._entities[0].scan.status).toBe('FAILED');
    await waitFor(
      () => downstream.some((event) => event.type === 'scan.completed' && event.subject === s.name),
      2_000,
    );

    const ok = newServer('acme');
    await bus.publish([versionPublished(ok), installRecorded(ok, 1), installRecorded(ok, 2)]);
    await waitFor(
      () =>
        downstream.some((event) => event.type === 'tier.changed' && event.data.tier === 'COMMUNITY_TRUSTED'),
      2_000,
      'tier.changed relayed',
    );
  });

  it('refuses requests that did not come through the gateway, and answers /ready', async () => {
    const response = await fetch(`${trust.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(401);
    await response.arrayBuffer();
    const ready = await fetch(`${trust.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: true, bus: true } });
  });
});
