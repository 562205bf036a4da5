import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '@mcpr/e2e';

interface DirectoryEntry {
  name?: string;
  title?: string;
  description?: string;
  category?: string;
}

const VERBS = ['get', 'list', 'search', 'create', 'update', 'fetch', 'query', 'summarize'];
const NOUNS = ['items', 'records', 'issues', 'files', 'messages', 'events', 'reports', 'users'];

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'server'
  );
}

/**
 * `count` valid server.json manifests built from the MIT directory lists in ../shared/data (names,
 * descriptions, categories), each with 3–8 generated tools, under the namespace `io.github.bench`.
 */
export function syntheticManifests(count: number): Record<string, unknown>[] {
  const sources = ['docker-mcp-registry.jsonl', 'wong2-awesome-mcp-servers.jsonl'].flatMap((file) =>
    readFileSync(join(ROOT, '..', 'shared', 'data', file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DirectoryEntry),
  );
  const manifests: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const entry = sources[i % sources.length]!;
    const base = slug(entry.name ?? entry.title ?? `server-${i}`);
    const description =
      (entry.description ?? `${base} MCP server`).replace(/\s+/g, ' ').trim().slice(0, 100) ||
      `${base} MCP server`;
    const toolCount = 3 + (i % 6);
    const tools = Array.from({ length: toolCount }, (_, t) => {
      const verb = VERBS[(i + t) % VERBS.length]!;
      const noun = NOUNS[(i * 3 + t) % NOUNS.length]!;
      return {
        name: `${verb}_${noun}`,
        description: `${verb[0]!.toUpperCase()}${verb.slice(1)} ${noun} from ${base}.`,
        inputSchema: {
          type: 'object',
          properties: {
            query: { type: 'string', description: `Which ${noun} to ${verb}` },
            limit: { type: 'integer' },
          },
          required: ['query'],
        },
      };
    });
    manifests.push({
      name: `io.github.bench/${base}-${i}`,
      description,
      version: '1.0.0',
      packages: [
        {
          registryType: 'npm',
          identifier: `@bench/${base}-${i}`,
          version: '1.0.0',
          transport: { type: 'stdio' },
        },
      ],
      _meta: { 'io.mcpr/publisher-provided': { tools, categories: [slug(entry.category ?? 'other')] } },
    });
  }
  return manifests;
}
