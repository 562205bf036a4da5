/**
 * A defensive read of an untrusted manifest: every accessor tolerates junk (wrong types, missing blocks),
 * so that the rules can assume the shapes below and the scanner never throws.
 */

/** `_meta` key of our extension block. */
export const PUBLISHER_META_KEY = 'io.mcpr/publisher-provided';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export interface ToolView {
  index: number;
  /** Path of the tool object from the manifest root. */
  path: string[];
  tool: JsonObject;
  name: string | undefined;
}

export interface PermissionView {
  index: number;
  path: string[];
  kind: string | undefined;
  patterns: { path: string[]; value: string }[];
}

export interface ManifestView {
  root: JsonObject;
  name: string | undefined;
  title: string | undefined;
  description: string | undefined;
  /** Path of the extension block, `['_meta', 'io.mcpr/publisher-provided']`. */
  blockPath: string[];
  block: JsonObject | undefined;
  tools: ToolView[];
  categories: string[];
  capabilities: string[];
  permissions: PermissionView[];
  packages: { path: string[]; pkg: JsonObject }[];
  remotes: { path: string[]; remote: JsonObject }[];
}

function objectsOf(v: unknown, path: string[]): { path: string[]; obj: JsonObject }[] {
  if (!Array.isArray(v)) return [];
  const out: { path: string[]; obj: JsonObject }[] = [];
  v.forEach((item, i) => {
    if (isObject(item)) out.push({ path: [...path, String(i)], obj: item });
  });
  return out;
}

function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Reads the parts of a manifest that the rules look at; anything malformed is simply absent. */
export function readManifest(manifest: unknown): ManifestView {
  const root = isObject(manifest) ? manifest : {};
  const meta = isObject(root._meta) ? root._meta : undefined;
  const blockPath = ['_meta', PUBLISHER_META_KEY];
  const block =
    meta && isObject(meta[PUBLISHER_META_KEY]) ? (meta[PUBLISHER_META_KEY] as JsonObject) : undefined;
  const tools: ToolView[] = objectsOf(block?.tools, [...blockPath, 'tools']).map(({ path, obj }) => ({
    index: Number(path[path.length - 1]),
    path,
    tool: obj,
    name: asString(obj.name),
  }));
  const permissions: PermissionView[] = objectsOf(block?.permissions, [...blockPath, 'permissions']).map(
    ({ path, obj }) => ({
      index: Number(path[path.length - 1]),
      path,
      kind: asString(obj.kind),
      patterns: Array.isArray(obj.patterns)
        ? obj.patterns.flatMap((p, i) =>
            typeof p === 'string' ? [{ path: [...path, 'patterns', String(i)], value: p }] : [],
          )
        : [],
    }),
  );
  return {
    root,
    name: asString(root.name),
    title: asString(root.title),
    description: asString(root.description),
    blockPath,
    block,
    tools,
    categories: stringsOf(block?.categories),
    capabilities: stringsOf(block?.capabilities),
    permissions,
    packages: objectsOf(root.packages, ['packages']).map(({ path, obj }) => ({ path, pkg: obj })),
    remotes: objectsOf(root.remotes, ['remotes']).map(({ path, obj }) => ({ path, remote: obj })),
  };
}
