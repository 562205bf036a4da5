/**
 * Health and readiness of the embedded stack, and the subgraphs' refusal of anything that does not come
 * through the gateway (ARCHITECTURE §5, §7).
 */
import { request } from 'undici';
import { ANONYMOUS, GATEWAY_TOKEN_HEADER, INTERNAL_TOKEN_HEADER, signGatewayToken } from '@mcpr/platform';
import {
  createKey,
  eventually,
  expectData,
  RevokeApiKeyDocument,
  startTestStack,
  ViewerDocument,
  type TestStack,
} from '../src';

interface HttpAnswer {
  status: number;
  contentType: string | undefined;
  body: unknown;
}

async function get(url: string): Promise<HttpAnswer> {
  const response = await request(url);
  const text = await response.body.text();
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'] as string,
    body: parse(text),
  };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'] as string,
    body: parse(text),
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

describe('health, readiness and the subgraph boundary', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  const subgraph = (name: string) => {
    const service = stack.platform.services.find((candidate) => candidate.name === name);
    if (!service)
      throw new Error(`no ${name} service in ${stack.platform.services.map((s) => s.name).join(', ')}`);
    return service;
  };

  it('lists the four subgraphs on loopback', () => {
    expect(stack.platform.services.map((service) => service.name).sort()).toEqual([
      'audit',
      'registry',
      'search',
      'trust',
    ]);
    for (const service of [...stack.platform.services, stack.platform.gateway]) {
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  it('answers /health with 200 on the gateway and every subgraph', async () => {
    expect(await get(`${stack.gatewayUrl}/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    for (const service of stack.platform.services) {
      expect([service.name, await get(`${service.url}/health`)]).toMatchObject([
        service.name,
        { status: 200 },
      ]);
    }
  });

  it('answers /ready with 200 when every subgraph answers and an admin key exists', async () => {
    const ready = await get(`${stack.gatewayUrl}/ready`);
    expect(ready).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { registry: true, trust: true, audit: true, search: true } },
    });
    expect(await get(`${subgraph('registry').url}/ready`)).toMatchObject({
      status: 200,
      body: { checks: { database: true, adminKey: true } },
    });
  });

  it('refuses GraphQL on a subgraph without a valid gateway token (401 UNAUTHENTICATED)', async () => {
    const forged = signGatewayToken({ ...ANONYMOUS }, 'not-the-platform-secret');
    const queries = [
      { query: '{ __typename }' },
      // Entities too: a subgraph cannot be read around the gateway.
      { query: '{ _entities(representations: [{ __typename: "Server", name: "x" }]) { __typename } }' },
      { query: '{ _service { sdl } }' },
    ];
    for (const service of stack.platform.services) {
      const tokens: Record<string, string>[] = [
        {},
        { [GATEWAY_TOKEN_HEADER]: 'garbage' },
        { [GATEWAY_TOKEN_HEADER]: forged },
      ];
      for (const headers of tokens) {
        for (const body of queries) {
          const answer = await post(`${service.url}/graphql`, body, headers);
          expect([service.name, answer.status]).toEqual([service.name, 401]);
          expect(answer.body).toEqual({
            errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }],
          });
        }
      }
    }
  });

  it('refuses the registry’s internal key lookup without the internal token', async () => {
    const url = `${subgraph('registry').url}/internal/keys/verify`;
    expect((await post(url, { key: stack.adminKey })).status).toBe(401);
    expect((await post(url, { key: stack.adminKey }, { [INTERNAL_TOKEN_HEADER]: 'guess' })).status).toBe(401);
  });

  it('is not ready while no admin key is left, whichever key that was', async () => {
    const second = await createKey(stack.admin, { account: 'admin', scopes: ['ADMIN'] });
    const revokeBootstrap = expectData(
      await second.client.execute(RevokeApiKeyDocument, {
        id: expectData(await stack.admin.execute(ViewerDocument)).viewer.keyId,
      }),
    ).revokeApiKey;
    expect(revokeBootstrap.userErrors).toEqual([]);
    expect((await get(`${stack.gatewayUrl}/ready`)).status).toBe(200);

    expect(
      expectData(await second.client.execute(RevokeApiKeyDocument, { id: second.id })).revokeApiKey
        .userErrors,
    ).toEqual([]);
    expect(await get(`${stack.gatewayUrl}/ready`)).toMatchObject({
      status: 503,
      body: { status: 'unavailable', checks: { registry: false, trust: true, audit: true, search: true } },
    });
    expect(await get(`${subgraph('registry').url}/ready`)).toMatchObject({
      status: 503,
      body: { checks: { database: true, adminKey: false } },
    });
  });

  it('is not ready while a subgraph does not answer', async () => {
    await subgraph('search').close();
    await eventually(async () => {
      const ready = await get(`${stack.gatewayUrl}/ready`);
      expect(ready.status).toBe(503);
      expect((ready.body as { checks: Record<string, boolean> }).checks.search).toBe(false);
    });
    // Liveness is not readiness: the gateway itself is still healthy.
    expect((await get(`${stack.gatewayUrl}/health`)).status).toBe(200);
  });
});
