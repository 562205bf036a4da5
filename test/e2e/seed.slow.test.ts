/**
 * Slow suite (`npm run test:slow`): the 358 manifests of the official registry seed published through the
 * gateway, each by its own namespace's publisher: the admin creates the namespace for an owner account
 * and a SERVERS_PUBLISH key for that account (no explicit patterns: it covers the namespaces the account
 * owns), and that key publishes the namespace's manifests with the version forced to 1.0.0.
 * Expected: 293 accepted, 65 rejected for an empty description — and no GraphQL error at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateApiKeyDocument,
  CreateNamespaceDocument,
  expectData,
  ListServersDocument,
  PublishServerDocument,
  ServerDetailDocument,
  startTestStack,
  UNTHROTTLED_ENV,
  type GraphQLResponse,
  type Manifest,
  type PublishServerMutation,
  type TestStack,
  stackDialects,
} from '../src';

const SEED_FILE = join(__dirname, '../../subgraphs/registry/seed/official-registry-seed_2025-09-29.json');
const CONCURRENCY = 6;

/** Runs `work` over `items` with at most `limit` in flight. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface Outcome {
  name: string;
  response: GraphQLResponse<PublishServerMutation>;
}

describe.each(stackDialects())('the official seed through the gateway on %s', (dialect) => {
  let stack: TestStack;
  const seed = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as Manifest[];

  beforeAll(async () => {
    stack = await startTestStack({ dialect, env: UNTHROTTLED_ENV });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('accepts 293 manifests and rejects 65, each for its empty description only', async () => {
    expect(seed).toHaveLength(358);
    const byNamespace = new Map<string, Manifest[]>();
    for (const manifest of seed) {
      const name = manifest.name as string;
      const namespace = name.slice(0, name.indexOf('/'));
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), manifest]);
    }

    const setupFailures: string[] = [];
    const outcomes: Outcome[] = [];
    await inPool([...byNamespace], CONCURRENCY, async ([namespace, manifests]) => {
      // The owner account is named after the namespace (every seed namespace is a valid handle).
      const owner = namespace;
      const created = await stack.admin.execute(CreateNamespaceDocument, {
        input: { name: namespace, owner },
      });
      if (created.errors || created.data?.createNamespace.userErrors.length) {
        setupFailures.push(`createNamespace ${namespace}: ${JSON.stringify(created.errors ?? created.data)}`);
        return;
      }
      const key = await stack.admin.execute(CreateApiKeyDocument, {
        input: { account: owner, name: `${namespace} publisher`, scopes: ['SERVERS_PUBLISH'] },
      });
      const secret = key.data?.createApiKey.secret;
      if (key.errors || !secret) {
        setupFailures.push(`createApiKey ${namespace}: ${JSON.stringify(key.errors ?? key.data)}`);
        return;
      }
      const publisher = stack.anonymous.as(secret);
      for (const manifest of manifests) {
        const response = await publisher.execute(PublishServerDocument, {
          input: { manifest: { ...manifest, version: '1.0.0' } },
        });
        outcomes.push({ name: manifest.name as string, response });
      }
    });
    expect(setupFailures).toEqual([]);
    expect(outcomes).toHaveLength(358);

    // Never a GraphQL error (FORBIDDEN, INTERNAL_SERVER_ERROR, ...): every outcome is a payload.
    const graphqlErrors = outcomes
      .filter(({ response }) => response.errors?.length || !response.data)
      .map(({ name, response }) => `${name}: HTTP ${response.status} ${JSON.stringify(response.errors)}`);
    expect(graphqlErrors).toEqual([]);

    const accepted = outcomes.filter(({ response }) => response.data!.publishServer.version !== null);
    const rejected = outcomes.filter(({ response }) => response.data!.publishServer.version === null);
    // Every rejection is exactly one BAD_USER_INPUT at manifest.description; anything else is listed
    // with its name so a different count can be traced to the manifests behind it.
    const unexpected = rejected
      .map(({ name, response }) => ({ name, userErrors: response.data!.publishServer.userErrors }))
      .filter(
        ({ userErrors }) =>
          userErrors.length !== 1 ||
          userErrors[0]!.code !== 'BAD_USER_INPUT' ||
          JSON.stringify(userErrors[0]!.path) !== JSON.stringify(['manifest', 'description']),
      );
    expect(unexpected).toEqual([]);
    for (const { response } of accepted) {
      expect(response.data!.publishServer.userErrors).toEqual([]);
      expect(response.data!.publishServer.version).toMatchObject({
        version: '1.0.0',
        isLatest: true,
        status: 'ACTIVE',
      });
    }
    const emptyDescriptions = seed
      .filter((manifest) => typeof manifest.description !== 'string' || manifest.description.trim() === '')
      .map((manifest) => manifest.name)
      .sort();
    expect(rejected.map(({ name }) => name).sort()).toEqual(emptyDescriptions);
    expect(accepted).toHaveLength(293);
    expect(rejected).toHaveLength(65);

    // What the read side shows: 293 servers, none of the rejected ones.
    const { servers } = expectData(await stack.anonymous.execute(ListServersDocument, { first: 1 }));
    expect(servers.totalCount).toBe(293);
    await inPool(rejected, CONCURRENCY, async ({ name }) => {
      const { server } = expectData(await stack.anonymous.execute(ServerDetailDocument, { name }));
      expect([name, server]).toEqual([name, null]);
    });
    const sample = accepted[0]!.name;
    const { server } = expectData(await stack.anonymous.execute(ServerDetailDocument, { name: sample }));
    expect(server).toMatchObject({ name: sample, namespace: { name: sample.slice(0, sample.indexOf('/')) } });
  }, 600_000);
});
