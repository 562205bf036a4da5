import type { ManifestInput, ServerSignals } from '../src/domain/documents';

/** A small registry: enough servers and tools for ranking, filtering and recommendation tests. */
export const MANIFESTS: { manifest: ManifestInput; signals: ServerSignals }[] = [
  {
    manifest: {
      name: 'io.github.acme/postgres',
      title: 'Postgres',
      description: 'Query and manage PostgreSQL databases.',
      packages: [{ registryType: 'npm', identifier: '@acme/pg-mcp', transport: { type: 'stdio' } }],
      categories: ['Databases'],
      tools: [
        {
          name: 'run_query',
          description: 'Run a read-only SQL query against a Postgres database.',
          inputSchema: {
            type: 'object',
            properties: { sql: { type: 'string', description: 'SQL statement' } },
          },
        },
        { name: 'list_tables', description: 'List the tables of a database schema.', inputSchema: {} },
      ],
    },
    signals: { tier: 'SECURITY_AUDITED', installs: 5000 },
  },
  {
    manifest: {
      name: 'io.github.other/sqlite',
      description: 'Local SQLite database access.',
      packages: [{ registryType: 'pypi', identifier: 'sqlite-mcp', transport: { type: 'stdio' } }],
      categories: ['Databases'],
      tools: [
        {
          name: 'execute_sql',
          description: 'Execute a SQL query on a SQLite database file.',
          inputSchema: {},
        },
        { name: 'describe_table', description: 'Describe the columns of a table.', inputSchema: {} },
      ],
    },
    signals: { tier: 'UNVERIFIED', installs: 10 },
  },
  {
    manifest: {
      name: 'io.github.weather/forecast',
      description: 'Weather forecasts and alerts.',
      remotes: [{ type: 'streamable-http', url: 'https://weather.example/mcp' }],
      categories: ['Weather'],
      tools: [
        {
          name: 'getForecast',
          description: 'Get the weather forecast for a city.',
          inputSchema: { type: 'object', properties: { city: { type: 'string', description: 'City name' } } },
        },
        { name: 'getAlerts', description: 'Active weather alerts for a US state.', inputSchema: {} },
      ],
    },
    signals: { tier: 'COMMUNITY_TRUSTED', installs: 800 },
  },
  {
    manifest: {
      name: 'io.github.files/filesystem',
      description: 'Read and write files on the local disk.',
      packages: [{ registryType: 'npm', identifier: '@files/fs-mcp', transport: { type: 'stdio' } }],
      categories: ['Files'],
      tools: [
        { name: 'read_file', description: 'Read a file from disk.', inputSchema: {} },
        { name: 'write_file', description: 'Write text to a file on disk.', inputSchema: {} },
        { name: 'list_directory', description: 'List the entries of a directory.', inputSchema: {} },
      ],
    },
    signals: { tier: 'CERTIFIED', installs: 20000 },
  },
];
