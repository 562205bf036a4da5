import { createEvent, type EventEnvelope } from '@mcpr/platform';

export type Json = Record<string, unknown>;

export interface ToolSpec {
  name: string;
  description: string;
  params?: Record<string, string>;
}

/** A published server.json with our `_meta` tools and categories. */
export function serverJson(
  name: string,
  description: string,
  tools: ToolSpec[],
  categories: string[] = [],
  version = '1.0.0',
  registryType = 'npm',
): Json {
  return {
    name,
    description,
    version,
    packages: [{ registryType, identifier: `${name}-pkg`, version, transport: { type: 'stdio' } }],
    _meta: {
      'io.mcpr/publisher-provided': {
        tools: tools.map((t) => ({
          name: t.name,
          description: t.description,
          inputSchema: {
            type: 'object',
            properties: Object.fromEntries(
              Object.entries(t.params ?? {}).map(([p, d]) => [p, { type: 'string', description: d }]),
            ),
          },
        })),
        categories,
      },
    },
  };
}

let seq = 0;
export function versionPublished(manifest: Json, isLatest = true): EventEnvelope {
  const name = manifest.name as string;
  const version = manifest.version as string;
  return createEvent({
    type: 'version.published',
    source: 'registry',
    actor: 'alice',
    subject: name,
    data: {
      serverId: `srv-${name}`,
      name,
      versionId: `${name}@${version}`,
      version,
      manifestDigest: `d${++seq}`,
      manifest,
      isLatest,
    },
  });
}

export function versionStatusChanged(
  name: string,
  version: string,
  status: string,
  latestVersion: string | null,
): EventEnvelope {
  return createEvent({
    type: 'version.status_changed',
    source: 'registry',
    actor: 'alice',
    subject: name,
    data: {
      serverId: `srv-${name}`,
      name,
      versionId: `${name}@${version}`,
      version,
      manifestDigest: 'd',
      status,
      previousStatus: 'ACTIVE',
      message: null,
      isLatest: latestVersion === version,
      latestVersionId: latestVersion ? `${name}@${latestVersion}` : null,
      serverStatus: latestVersion ? 'ACTIVE' : 'DELETED',
    },
  });
}

export function tierChanged(name: string, tier: string): EventEnvelope {
  return createEvent({
    type: 'tier.changed',
    source: 'trust',
    actor: 'system',
    subject: name,
    data: {
      serverId: `srv-${name}`,
      name,
      tier,
      previousTier: 'UNVERIFIED',
      reason: 'test',
      reasons: [],
      score: 50,
    },
  });
}

export function installRecorded(name: string, installCount: number): EventEnvelope {
  return createEvent({
    type: 'install.recorded',
    source: 'registry',
    actor: 'anonymous',
    subject: name,
    data: { serverId: `srv-${name}`, name, versionId: null, version: null, client: null, installCount },
  });
}

export const WEATHER = serverJson(
  'io.github.acme/weather',
  'Weather forecasts and current conditions for any city',
  [
    {
      name: 'get_forecast',
      description: 'Get the weather forecast for a city',
      params: { city: 'City name' },
    },
    { name: 'current_conditions', description: 'Current temperature and wind for a city' },
  ],
  ['weather'],
);
export const POSTGRES = serverJson(
  'io.github.dbco/postgres',
  'Query PostgreSQL databases with SQL',
  [
    {
      name: 'run_sql',
      description: 'Run a read-only SQL query against a PostgreSQL database',
      params: { sql: 'SQL text' },
    },
    { name: 'list_tables', description: 'List the tables of a database schema' },
  ],
  ['database'],
  '1.0.0',
  'pypi',
);
export const GITHUB = serverJson(
  'io.github.octo/github',
  'Manage GitHub issues and pull requests',
  [
    {
      name: 'create_issue',
      description: 'Create a GitHub issue in a repository',
      params: { title: 'Issue title' },
    },
    { name: 'list_pull_requests', description: 'List open pull requests of a repository' },
  ],
  ['developer-tools'],
);
export const WEATHER_ALT = serverJson(
  'io.github.other/weather-alerts',
  'Severe weather alerts and storm warnings',
  [{ name: 'get_alerts', description: 'Get active weather alerts for a region' }],
  ['weather'],
);
