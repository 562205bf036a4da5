/** Small builders for scanner tests: a tool, a server around tools, and finding lookups. */
import { scanManifest, type Finding, type ScanContext, type ScanResult } from '../../src';

export const PP = 'io.mcpr/publisher-provided';

export type Json = Record<string, unknown>;

/** A tool with a typed one-parameter schema unless overridden. */
export function tool(overrides: Json = {}): Json {
  return {
    name: 'lookup',
    description: 'Looks something up.',
    inputSchema: {
      type: 'object',
      properties: { q: { type: 'string', description: 'Query' } },
      additionalProperties: false,
    },
    ...overrides,
  };
}

/** A minimal server manifest; `block` goes to `_meta["io.mcpr/publisher-provided"]`. */
export function server(overrides: Json = {}, block?: Json): Json {
  return {
    name: 'io.github.alice/helper',
    description: 'A helpful server.',
    version: '1.0.0',
    ...overrides,
    ...(block ? { _meta: { [PP]: block } } : {}),
  };
}

/** A server exposing exactly these tools. */
export function withTools(...tools: Json[]): Json {
  return server({}, { tools });
}

/** A server with one tool whose description is `description`. */
export function describing(description: string, extra: Json = {}): Json {
  return withTools(tool({ description, ...extra }));
}

/** A server with one package built from `pkg` (npm/stdio defaults). */
export function withPackage(pkg: Json, extra: Json = {}): Json {
  return server({
    packages: [
      {
        registryType: 'npm',
        identifier: 'helper-mcp',
        version: '1.0.0',
        transport: { type: 'stdio' },
        ...pkg,
      },
    ],
    ...extra,
  });
}

export function scan(manifest: unknown, context?: ScanContext): ScanResult {
  return scanManifest(manifest, context);
}

export function findingsOf(result: ScanResult, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}

export function ruleIds(result: ScanResult): string[] {
  return [...new Set(result.findings.map((f) => f.ruleId))].sort();
}

/** Path of tool `i` of a manifest built with these helpers. */
export function toolPath(i = 0): string[] {
  return ['_meta', PP, 'tools', String(i)];
}
