import { request } from 'undici';
import { migrateAll } from '@mcpr/gateway';
import {
  privateServicesUnavailable,
  startPrivatePostgres,
  startPrivateRedis,
  type PrivatePostgres,
  type PrivateRedis,
} from '@mcpr/platform';
import {
  checkAuditLog,
  committedVersionIds,
  createKey,
  startTestStack,
  UNTHROTTLED_ENV,
  type AuditLogCheck,
  type TestStack,
} from '../src';

/*
 * Fault tests on private PostgreSQL and Redis servers (this file's own, on free loopback ports): Redis is
 * stopped and PostgreSQL frozen with SIGSTOP while the platform runs. While a dependency is down, requests
 * that need it are answered quickly with UNAVAILABLE (never left hanging until the client gives up); once it
 * is back, the platform recovers by itself, and every committed version has exactly one audit entry.
 */

/** The client's patience: every answer during an outage must come well before it. */
const CLIENT_TIMEOUT_MS = 10_000;

const PUBLISH = `mutation($input: PublishServerInput!) {
  publishServer(input: $input) { version { id version } userErrors { code message } } }`;
const VERSIONS = `query($name: String!) { server(name: $name) { versions(first: 100) { edges { node { id version } } } } }`;
interface Answer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** POST /graphql with a hard client-side deadline: a hang fails the test instead of stalling it. */
async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
): Promise<Answer<T>> {
  const response = await request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
    headersTimeout: CLIENT_TIMEOUT_MS,
    bodyTimeout: CLIENT_TIMEOUT_MS,
  });
  const body = (await response.body.json()) as Omit<Answer<T>, 'status'>;
  return { status: response.statusCode, ...body };
}

function data<T>(answer: Answer<T>): T {
  if (answer.errors?.length || !answer.data) {
    throw new Error(`GraphQL request failed (HTTP ${answer.status}): ${JSON.stringify(answer.errors)}`);
  }
  return answer.data;
}

function codes(answer: Answer<unknown>): string[] {
  return [...new Set((answer.errors ?? []).map((error) => String(error.extensions?.code)))];
}

async function httpStatus(url: string): Promise<number> {
  const response = await request(url, { headersTimeout: CLIENT_TIMEOUT_MS, bodyTimeout: CLIENT_TIMEOUT_MS });
  await response.body.dump();
  return response.statusCode;
}

/** Polls `attempt` until it returns a value (not undefined); rethrows its last error after `timeoutMs`. */
async function until<T>(attempt: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not reached within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function manifest(server: string, version: string) {
  return {
    name: `io.github.faults/${server}`,
    description: `Fault test server ${server}`,
    version,
    packages: [
      { registryType: 'npm', identifier: `@faults/${server}`, version, transport: { type: 'stdio' } },
    ],
  };
}

const unavailableReason = privateServicesUnavailable();
const describeFaults = unavailableReason ? describe.skip : describe;

describeFaults(
  `faults: Redis stopped, PostgreSQL frozen${unavailableReason ? ` (skipped: ${unavailableReason})` : ''}`,
  () => {
    let redis: PrivateRedis | undefined;
    let postgres: PrivatePostgres | undefined;
    let stack: TestStack | undefined;
    let url: string;
    let publisherKey: string;
    let adminKey: string;
    /** Every server name this file publishes to. */
    const servers = new Set<string>();

    async function publish(key: string, server: string, version: string) {
      servers.add(server);
      return gql<{ publishServer: { version: { id: string } | null; userErrors: unknown[] } }>(
        url,
        PUBLISH,
        { input: { manifest: manifest(server, version) } },
        key,
      );
    }

    /** What the registry committed for every server this file published to (answered or not). */
    function committedIds(): Promise<string[]> {
      return committedVersionIds(
        stack!.admin,
        [...servers].map((server) => `io.github.faults/${server}`),
      );
    }

    /** Waits until every committed version has its `version.published` entry, then checks exactly one each. */
    async function expectEveryCommittedVersionAuditedOnce(): Promise<AuditLogCheck> {
      const committed = await committedIds();
      const check = await checkAuditLog(stack!.admin, committed);
      const ids = check.publishedVersionIds;
      expect(new Set(ids).size).toBe(ids.length); // exactly once
      expect([...ids].sort()).toEqual([...committed].sort()); // nothing missing, nothing extra
      expect(check.gapless).toBe(true);
      return check;
    }

    beforeAll(async () => {
      [redis, postgres] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
      const env = {
        ...UNTHROTTLED_ENV,
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        SEARCH_EMBEDDER: 'hashing',
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      };
      await migrateAll(env);
      stack = await startTestStack({ env });
      url = stack.gatewayUrl;
      adminKey = stack.adminKey;
      publisherKey = (
        await createKey(stack.admin, {
          account: 'faults',
          scopes: ['SERVERS_PUBLISH'],
          namespaces: ['io.github.faults/*'],
        })
      ).secret;
    }, 120_000);

    afterAll(async () => {
      postgres?.resume(); // a failed test may have left it frozen; nothing can close while it is
      try {
        await stack?.close();
      } finally {
        await Promise.all([redis?.close(), postgres?.close()]);
      }
    }, 60_000);

    it('Redis stopped: publishes fail fast with UNAVAILABLE, reads go on, and it all recovers without loss', async () => {
      for (const version of ['1.0.0', '1.0.1']) {
        expect(data(await publish(publisherKey, 'cache', version)).publishServer.userErrors).toEqual([]);
      }
      // Delivered before the stop: this Redis keeps nothing across a restart (no persistence).
      await expectEveryCommittedVersionAuditedOnce();

      await redis!.stop();

      // A publish cannot be rate limited without the shared counters: refused at once, not let through.
      const refused = await publish(publisherKey, 'cache', '1.0.2');
      expect(refused.status).toBe(503);
      expect(codes(refused)).toEqual(['UNAVAILABLE']);
      expect(refused.errors![0]!.message).toMatch(/rate-limit store is unavailable/);

      // Reads fall back to in-memory limits and are served from the database.
      const read = await gql<{ server: { versions: { edges: unknown[] } } | null }>(
        url,
        VERSIONS,
        { name: 'io.github.faults/cache' },
        publisherKey,
      );
      expect(data(read).server?.versions.edges).toHaveLength(2);

      // An ADMIN publish needs no rate-limit check: committed with its outbox row, delivered later.
      const committedDuringOutage = await publish(adminKey, 'cache', '1.0.3');
      expect(data(committedDuringOutage).publishServer.userErrors).toEqual([]);

      // Readiness names the broken dependency; liveness is unaffected.
      expect(await httpStatus(`${url}/health`)).toBe(200);
      await until(
        async () => ((await httpStatus(`${url}/ready`)) === 503 ? true : undefined),
        CLIENT_TIMEOUT_MS,
        'gateway /ready reporting the outage',
      );

      await redis!.start();

      // Nothing restarted: the clients reconnect by themselves.
      await until(
        async () => {
          const answer = await publish(publisherKey, 'cache', '1.0.2');
          return answer.data?.publishServer?.userErrors.length === 0 ? true : undefined;
        },
        30_000,
        'a publish after Redis came back',
      );
      await until(
        async () => ((await httpStatus(`${url}/ready`)) === 200 ? true : undefined),
        30_000,
        'gateway /ready after Redis came back',
      );
      await expectEveryCommittedVersionAuditedOnce();
    }, 120_000);

    it('PostgreSQL frozen (SIGSTOP): requests fail fast with UNAVAILABLE, then it recovers without loss', async () => {
      for (const version of ['2.0.0', '2.0.1']) {
        expect(data(await publish(publisherKey, 'frozen', version)).publishServer.userErrors).toEqual([]);
      }
      await expectEveryCommittedVersionAuditedOnce();

      // Publishers keep going while the database is frozen: every answer is a success or UNAVAILABLE.
      const acknowledged: string[] = [];
      const answers: { code: string; message: string }[] = [];
      let next = 0;
      let stopAfter = Number.POSITIVE_INFINITY;
      const publisher = async () => {
        while (Date.now() < stopAfter) {
          const version = `3.0.${next++}`;
          const answer = await publish(publisherKey, 'stream', version);
          if (answer.data?.publishServer?.userErrors.length === 0) {
            acknowledged.push(answer.data.publishServer.version!.id);
          } else {
            for (const error of answer.errors ?? []) {
              answers.push({ code: String(error.extensions?.code), message: error.message });
            }
          }
        }
      };
      const publishers = [publisher(), publisher()];
      let duringOutage: { anonymousRead: Answer; keyedPublish: Answer; health: number; ready: number };
      let publishersEnded: PromiseSettledResult<void>[];
      try {
        await until(
          async () => (acknowledged.length >= 4 ? true : undefined),
          20_000,
          'publishes before the freeze',
        );
        postgres!.pause();
        duringOutage = {
          // A read that needs the database (anonymous: no key lookup), and a keyed publish.
          anonymousRead: await gql(url, VERSIONS, { name: 'io.github.faults/frozen' }),
          keyedPublish: await publish(publisherKey, 'frozen', '2.0.2'),
          health: await httpStatus(`${url}/health`),
          ready: await httpStatus(`${url}/ready`),
        };
        await until(
          async () => (answers.length >= 2 ? true : undefined),
          CLIENT_TIMEOUT_MS * 2,
          'the publishers seeing the outage',
        );
      } finally {
        postgres!.resume();
        stopAfter = 0;
        publishersEnded = await Promise.allSettled(publishers);
      }
      // No request waited for the client's timeout (that would have rejected a publisher).
      expect(publishersEnded.filter((ended) => ended.status === 'rejected')).toEqual([]);
      expect(codes(duringOutage.anonymousRead)).toEqual(['UNAVAILABLE']);
      expect(duringOutage.anonymousRead.errors![0]!.message).toMatch(/database is unavailable/);
      expect(codes(duringOutage.keyedPublish)).toEqual(['UNAVAILABLE']);
      expect(duringOutage.health).toBe(200); // the process itself stays healthy
      expect(duringOutage.ready).toBe(503);
      expect(answers).toEqual(
        answers.map(() => ({ code: 'UNAVAILABLE', message: expect.stringMatching(/unavailable/) })),
      );

      // Recovered by itself.
      await until(
        async () => {
          const answer = await publish(publisherKey, 'frozen', '2.0.3');
          return answer.data?.publishServer?.userErrors.length === 0 ? true : undefined;
        },
        30_000,
        'a publish after PostgreSQL resumed',
      );
      await until(
        async () => ((await httpStatus(`${url}/ready`)) === 200 ? true : undefined),
        30_000,
        'gateway /ready after PostgreSQL resumed',
      );

      // Every acknowledged publish is committed; every committed version is audited exactly once.
      const committed = new Set(await committedIds());
      for (const id of acknowledged) expect(committed.has(id)).toBe(true);
      const check = await expectEveryCommittedVersionAuditedOnce();

      // The whole log verifies: leaf hashes from content, a signed checkpoint, inclusion proofs.
      expect(check.badLeafHashes).toEqual([]);
      expect(check.checkpointCoversLog).toBe(true);
      expect(check.checkpointVerifies).toBe(true);
      expect(check.badProofs).toEqual([]);
    }, 180_000);
  },
);
