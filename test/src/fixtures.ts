import { CreateApiKeyDocument, CreateNamespaceDocument, type Scope } from './documents';
import { expectData, type GatewayClient, type GraphQLResponse } from './graphql-client';

export type Manifest = Record<string, unknown>;

/** The smallest valid manifest. */
export function minimalManifest(
  name: string,
  version = '1.0.0',
  description = `The ${name} server`,
): Manifest {
  return { name, description, version };
}

/**
 * A valid manifest with every part the read API exposes: a package, a remote (its URL derived from the
 * name, so it is unique per server), and two tools in our `_meta` block.
 */
export function fullManifest(name: string, version = '1.0.0'): Manifest {
  const slug = name.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase();
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    title: 'Weather',
    description: 'Forecasts and current conditions for any city',
    version,
    websiteUrl: 'https://acme.example.com/weather',
    repository: { url: 'https://github.com/acme/weather-mcp', source: 'github' },
    packages: [
      {
        registryType: 'npm',
        identifier: '@acme/weather-mcp',
        version,
        runtimeHint: 'npx',
        transport: { type: 'stdio' },
        environmentVariables: [{ name: 'WEATHER_API_KEY', isRequired: true, isSecret: true }],
      },
      {
        registryType: 'oci',
        identifier: `ghcr.io/acme/weather-mcp:${version}`,
        transport: { type: 'streamable-http', url: 'http://localhost:8080/mcp' },
      },
    ],
    remotes: [{ type: 'streamable-http', url: `https://${slug}.mcp.example.com/mcp` }],
    _meta: {
      'io.mcpr/publisher-provided': {
        tools: [
          {
            name: 'get_forecast',
            title: 'Get forecast',
            description: 'Forecast for a city',
            inputSchema: {
              type: 'object',
              properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } },
              required: ['city'],
            },
            annotations: { readOnlyHint: true, openWorldHint: true },
          },
          {
            name: 'current_conditions',
            description: 'Current conditions',
            inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
          },
        ],
        categories: ['weather'],
        capabilities: ['forecast'],
        permissions: [{ kind: 'NETWORK', patterns: ['api.weather.example.com'] }],
      },
    },
  };
}

/** A key created through the gateway, and a client holding it. */
export interface IssuedKey {
  id: string;
  secret: string;
  client: GatewayClient;
}

/** Creates a key with `creator` (usually the admin) and fails the test on any error. */
export async function createKey(
  creator: GatewayClient,
  input: { account?: string; name?: string; scopes: Scope[]; namespaces?: string[]; expiresInDays?: number },
): Promise<IssuedKey> {
  const response = await creator.execute(CreateApiKeyDocument, {
    input: { name: input.name ?? `key-${input.scopes.join('-').toLowerCase()}`, ...input },
  });
  const { createApiKey } = expectData(response);
  if (createApiKey.userErrors.length || !createApiKey.apiKey || !createApiKey.secret) {
    throw new Error(`createApiKey failed: ${JSON.stringify(createApiKey.userErrors)}`);
  }
  return {
    id: createApiKey.apiKey.id,
    secret: createApiKey.secret,
    client: creator.as(createApiKey.secret),
  };
}

/** Creates a namespace as the admin and fails the test on any error. */
export async function createNamespace(admin: GatewayClient, name: string, owner: string): Promise<void> {
  const { createNamespace: payload } = expectData(
    await admin.execute(CreateNamespaceDocument, { input: { name, owner } }),
  );
  if (payload.userErrors.length || !payload.namespace) {
    throw new Error(`createNamespace failed: ${JSON.stringify(payload.userErrors)}`);
  }
}

/**
 * The single GraphQL error of a refused request: its code, after checking that the request produced no
 * data for the refused field and that every error carries `extensions.code`.
 */
export function refusal(response: GraphQLResponse<unknown>): string | undefined {
  const errors = response.errors ?? [];
  if (errors.length === 0) throw new Error(`expected a GraphQL error, got ${JSON.stringify(response.data)}`);
  for (const error of errors) {
    if (typeof error.extensions?.code !== 'string') {
      throw new Error(`GraphQL error without extensions.code: ${JSON.stringify(error)}`);
    }
  }
  const data = response.data as Record<string, unknown> | null | undefined;
  if (data && Object.values(data).some((value) => value !== null)) {
    throw new Error(`a refused request returned data: ${JSON.stringify(data)}`);
  }
  const codes = [...new Set(errors.map((error) => error.extensions?.code))];
  if (codes.length !== 1) throw new Error(`expected one error code, got ${JSON.stringify(codes)}`);
  return codes[0];
}
