import type { ManifestInput } from '../domain/documents';

const PUBLISHER_PROVIDED = 'io.mcpr/publisher-provided';

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The indexable part of a published `server.json`: name, title, description, packages, remotes, and our
 * `_meta["io.mcpr/publisher-provided"]` tools and categories. Returns undefined without a name.
 */
export function manifestInputOf(manifest: unknown): ManifestInput | undefined {
  const m = record(manifest);
  const name = m && str(m.name);
  if (!m || !name) return undefined;
  const provided = record(record(m._meta)?.[PUBLISHER_PROVIDED]) ?? {};
  const input: ManifestInput = {
    name,
    description: str(m.description) ?? '',
    packages: list(m.packages)
      .map(record)
      .filter((p): p is Json => p !== undefined)
      .map((p) => {
        const transport = str(record(p.transport)?.type);
        return {
          ...(str(p.registryType) ? { registryType: str(p.registryType) } : {}),
          ...(str(p.identifier) ? { identifier: str(p.identifier) } : {}),
          ...(str(p.runtimeHint) ? { runtimeHint: str(p.runtimeHint) } : {}),
          ...(transport ? { transport: { type: transport } } : {}),
        };
      }),
    remotes: list(m.remotes)
      .map(record)
      .filter((r): r is Json => r !== undefined)
      .map((r) => ({
        ...(str(r.type) ? { type: str(r.type) } : {}),
        ...(str(r.url) ? { url: str(r.url) } : {}),
      })),
    tools: list(provided.tools)
      .map(record)
      .filter((t): t is Json => t !== undefined && str(t.name) !== undefined)
      .map((t) => ({
        name: str(t.name)!,
        ...(str(t.title) ? { title: str(t.title) } : {}),
        description: str(t.description) ?? '',
        ...(t.inputSchema !== undefined ? { inputSchema: t.inputSchema } : {}),
      })),
    categories: list(provided.categories).filter((c): c is string => typeof c === 'string'),
  };
  const title = str(m.title);
  if (title) input.title = title;
  return input;
}
