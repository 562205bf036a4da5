import { gql } from './http';

export type Manifest = Record<string, unknown>;

const CREATE_KEY = `mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { id } secret userErrors { code message } }
}`;

const CREATE_NAMESPACE = `mutation CreateNamespace($input: CreateNamespaceInput!) {
  createNamespace(input: $input) { namespace { name } userErrors { code message } }
}`;

const PUBLISH = `mutation PublishServer($input: PublishServerInput!) {
  publishServer(input: $input) { version { id version } userErrors { code message path } }
}`;

export interface Key {
  id: string;
  secret: string;
}

/** Creates an API key as the admin; fails the test on any error. */
export async function createKey(
  url: string,
  adminKey: string,
  input: { account: string; scopes: string[]; namespaces?: string[]; name?: string },
): Promise<Key> {
  const result = await gql(
    url,
    CREATE_KEY,
    { input: { name: `key-${input.account}`, ...input } },
    { key: adminKey },
  );
  const payload = result.body.data?.createApiKey;
  if (!payload?.secret) throw new Error(`createApiKey failed: ${result.text}`);
  return { id: payload.apiKey.id, secret: payload.secret };
}

/** Creates a namespace as the admin; fails the test on any error. */
export async function createNamespace(
  url: string,
  adminKey: string,
  name: string,
  owner: string,
): Promise<void> {
  const result = await gql(url, CREATE_NAMESPACE, { input: { name, owner } }, { key: adminKey });
  if (!result.body.data?.createNamespace?.namespace)
    throw new Error(`createNamespace failed: ${result.text}`);
}

/** Publishes a manifest; fails the test on any error. */
export async function publish(url: string, key: string, manifest: Manifest): Promise<void> {
  const result = await gql(url, PUBLISH, { input: { manifest } }, { key });
  const payload = result.body.data?.publishServer;
  if (!payload?.version) throw new Error(`publishServer failed: ${result.text}`);
}

/** A small valid manifest that also satisfies the official OpenAPI's ServerDetail limits. */
export function manifest(name: string, version = '1.0.0', extra: Manifest = {}): Manifest {
  const slug = name.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase();
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    title: `Server ${slug}`.slice(0, 100),
    description: `Test server ${name}`.slice(0, 100),
    version,
    repository: { url: `https://github.com/example/${slug}`, source: 'github' },
    packages: [
      {
        registryType: 'npm',
        identifier: `@example/${slug}`,
        version,
        transport: { type: 'stdio' },
      },
    ],
    remotes: [{ type: 'streamable-http', url: `https://${slug}.mcp.example.com/mcp` }],
    _meta: {
      'io.mcpr/publisher-provided': {
        tools: [
          {
            name: 'get_forecast',
            description: 'Forecast for a city',
            inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
        categories: ['weather'],
      },
    },
    ...extra,
  };
}
