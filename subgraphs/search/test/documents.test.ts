import {
  buildServerDocument,
  buildToolDocuments,
  contentHash,
  schemaParams,
  withSignals,
} from '../src/domain/documents';
import { toolEmbeddingTexts, toolKeywordFields } from '../src/domain/fields';

const manifest = {
  name: 'io.github.acme/postgres',
  title: 'Postgres',
  description: 'Query and manage PostgreSQL databases.',
  packages: [{ registryType: 'npm', identifier: '@acme/pg-mcp', transport: { type: 'stdio' } }],
  remotes: [{ type: 'streamable-http', url: 'https://pg.acme.dev/mcp' }],
  categories: ['Databases'],
  tools: [
    {
      name: 'run_query',
      description: 'Run a read-only SQL query.',
      inputSchema: {
        type: 'object',
        properties: {
          sql: { type: 'string', description: 'The SQL statement' },
          options: { type: 'object', properties: { timeoutMs: { type: 'number' } } },
        },
      },
    },
    { name: 'listTables', inputSchema: {} },
  ],
};

describe('document builders', () => {
  it('builds one tool document per tool with denormalised server metadata', () => {
    const tools = buildToolDocuments(manifest, { tier: 'SECURITY_AUDITED', installs: 42 });
    expect(tools).toHaveLength(2);
    expect(tools[0]).toMatchObject({
      id: 'io.github.acme/postgres::run_query',
      toolName: 'run_query',
      serverName: 'io.github.acme/postgres',
      namespace: 'io.github.acme',
      serverTitle: 'Postgres',
      serverDescription: 'Query and manage PostgreSQL databases.',
      categories: ['Databases'],
      tier: 'SECURITY_AUDITED',
      installs: 42,
      registryTypes: ['npm'],
      transports: ['stdio', 'streamable-http'],
      runtimes: ['npx'],
    });
    expect(tools[0]!.params).toEqual([
      { name: 'sql', description: 'The SQL statement' },
      { name: 'options' },
      { name: 'options.timeoutMs' },
    ]);
    expect(tools[1]).toMatchObject({ description: '', params: [] });
  });

  it('builds the server document with its tools', () => {
    const server = buildServerDocument(manifest);
    expect(server).toMatchObject({
      id: 'io.github.acme/postgres',
      title: 'Postgres',
      tier: 'UNVERIFIED',
      installs: 0,
    });
    expect(server.tools.map((t) => t.name)).toEqual(['run_query', 'listTables']);
  });

  it('tolerates odd schemas', () => {
    expect(schemaParams(null)).toEqual([]);
    expect(schemaParams({ properties: 'x' })).toEqual([]);
  });

  it('updates trust signals without touching the text', () => {
    const [tool] = buildToolDocuments(manifest);
    const updated = withSignals(tool!, { tier: 'CERTIFIED' });
    expect(updated.tier).toBe('CERTIFIED');
    expect(updated.description).toBe(tool!.description);
  });

  it('derives keyword fields and embedding texts', () => {
    const [tool] = buildToolDocuments(manifest);
    expect(toolKeywordFields(tool!)).toMatchObject({
      name: 'run_query',
      paramNames: 'sql options options.timeoutMs',
    });
    const texts = toolEmbeddingTexts(tool!);
    expect(texts.tool).toBe('run query: Run a read-only SQL query.');
    expect(texts.params).toContain('sql: The SQL statement');
    expect(texts.server).toBe('Postgres: Query and manage PostgreSQL databases.');
  });

  it('hashes content per embedder', () => {
    expect(contentHash('a', 'm1')).toBe(contentHash('a', 'm1'));
    expect(contentHash('a', 'm1')).not.toBe(contentHash('a', 'm2'));
  });
});
