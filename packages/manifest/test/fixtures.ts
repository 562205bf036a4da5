import { validateManifest, type ManifestIssue, type ValidManifest } from '../src';

export type Json = Record<string, unknown>;

/** A complete, valid manifest (every optional part present), freshly built for each test. */
export function validManifest(): Json {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name: 'io.github.alice/weather',
    title: 'Weather',
    description: 'Forecasts and current conditions for any city',
    version: '1.2.3',
    websiteUrl: 'https://alice.example.com/weather',
    repository: {
      url: 'https://github.com/alice/weather-mcp',
      source: 'github',
      subfolder: 'packages/server',
    },
    icons: [{ src: 'https://alice.example.com/icon.png', mimeType: 'image/png', sizes: ['48x48'] }],
    packages: [
      {
        registryType: 'npm',
        identifier: '@alice/weather-mcp',
        version: '1.2.3',
        runtimeHint: 'npx',
        transport: { type: 'stdio' },
        environmentVariables: [{ name: 'WEATHER_API_KEY', isRequired: true, isSecret: true }],
        packageArguments: [{ type: 'named', name: '--units', value: 'metric' }],
      },
      {
        registryType: 'oci',
        identifier: 'ghcr.io/alice/weather-mcp:1.2.3',
        transport: { type: 'streamable-http', url: 'http://localhost:{port}/mcp' },
        runtimeArguments: [{ type: 'named', name: '--port', valueHint: 'port' }],
      },
    ],
    remotes: [
      {
        type: 'streamable-http',
        url: 'https://{tenant}.weather.example.com/mcp',
        variables: { tenant: { description: 'Your tenant', isRequired: true } },
      },
      { type: 'sse', url: 'https://weather.example.com/sse' },
    ],
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
            outputSchema: { type: 'object', properties: { summary: { type: 'string' } } },
            annotations: { readOnlyHint: true, openWorldHint: true },
          },
          {
            name: 'current.conditions',
            description: '',
            inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
          },
        ],
        categories: ['weather', 'data'],
        capabilities: ['forecast'],
        permissions: [{ kind: 'NETWORK', patterns: ['api.weather.example.com'] }],
      },
      'io.modelcontextprotocol.registry/publisher-provided': { tool: 'publisher-cli', version: '1.0.0' },
      'com.example/vendor': { anything: true },
    },
  };
}

/** The smallest valid manifest. */
export function minimalManifest(): Json {
  return { name: 'io.github.alice/weather', description: 'Weather data', version: '1.0.0' };
}

/** Path of our extension block, for building expected paths. */
export const EXT = ['_meta', 'io.mcpr/publisher-provided'];

/** Validates and expects acceptance; returns the value and warnings. */
export function accept(manifest: unknown): { value: ValidManifest; warnings: ManifestIssue[] } {
  const result = validateManifest(manifest);
  if (!result.ok)
    throw new Error(`expected the manifest to be accepted:\n${JSON.stringify(result.errors, null, 2)}`);
  return result;
}

/** Validates and expects rejection; returns the errors and warnings. */
export function reject(manifest: unknown): { errors: ManifestIssue[]; warnings: ManifestIssue[] } {
  const result = validateManifest(manifest);
  if (result.ok) throw new Error('expected the manifest to be rejected');
  return result;
}

/** The paths of the errors of a rejected manifest. */
export function errorPaths(manifest: unknown): string[][] {
  return reject(manifest).errors.map((e) => e.path);
}

/** Sets `value` at `path` in `target`, creating objects along the way. */
export function setPath(target: Json, path: readonly (string | number)[], value: unknown): Json {
  let node: Record<string | number, unknown> = target;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1];
  if (last === undefined) throw new Error('empty path');
  if (value === undefined) delete node[last];
  else node[last] = value;
  return target;
}

/** A valid manifest with one change. */
export function withChange(path: readonly (string | number)[], value: unknown): Json {
  return setPath(validManifest(), path, value);
}
