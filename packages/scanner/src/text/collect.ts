import { asString, isObject, type JsonObject, type ManifestView } from '../manifest';

/**
 * Where a string sits, which decides the rules that read it: identifiers (names) get the look-alike
 * rules, prose gets the phrase rules, `schema-value` (defaults, enums, examples, consts) also gets the
 * secret and sensitive-path-as-default rules, `package-text` (install-time descriptions shown to people,
 * not to the model) only gets the invisible-character rules.
 */
export type TextKind =
  | 'server-name'
  | 'server-title'
  | 'server-description'
  | 'tool-name'
  | 'tool-title'
  | 'tool-description'
  | 'param-name'
  | 'schema-text'
  | 'schema-value'
  | 'label'
  | 'package-text';

export interface TextItem {
  path: string[];
  kind: TextKind;
  raw: string;
  /** Index of the tool (in `view.tools`) the string belongs to, if any. */
  tool?: number;
}

/** Upper bounds that keep a hostile manifest from making the scan slow. */
export const COLLECT_LIMITS = { items: 20_000, depth: 48, chars: 100_000 };

/** Schema keywords whose string values are machine identifiers, not prose. */
const MACHINE_KEYS = new Set([
  'type',
  'format',
  '$schema',
  '$ref',
  '$id',
  '$anchor',
  '$dynamicRef',
  '$dynamicAnchor',
  'contentEncoding',
  'contentMediaType',
  'required',
]);
/** Schema keywords holding example data the model sees. */
const VALUE_KEYS = new Set(['default', 'enum', 'examples', 'example', 'const']);

class Collector {
  readonly items: TextItem[] = [];

  push(path: string[], kind: TextKind, raw: string, tool?: number): void {
    if (this.items.length >= COLLECT_LIMITS.items || raw.length === 0) return;
    const text = raw.length > COLLECT_LIMITS.chars ? raw.slice(0, COLLECT_LIMITS.chars) : raw;
    this.items.push(tool === undefined ? { path, kind, raw: text } : { path, kind, raw: text, tool });
  }

  values(v: unknown, path: string[], tool: number | undefined, depth: number): void {
    if (depth > COLLECT_LIMITS.depth) return;
    if (typeof v === 'string') this.push(path, 'schema-value', v, tool);
    else if (Array.isArray(v)) v.forEach((x, i) => this.values(x, [...path, String(i)], tool, depth + 1));
    else if (isObject(v)) for (const k of Object.keys(v)) this.values(v[k], [...path, k], tool, depth + 1);
  }

  schema(
    node: unknown,
    path: string[],
    tool: number | undefined,
    depth: number,
    key: string | undefined,
  ): void {
    if (depth > COLLECT_LIMITS.depth || this.items.length >= COLLECT_LIMITS.items) return;
    if (typeof node === 'string') {
      if (key === undefined || !MACHINE_KEYS.has(key)) this.push(path, 'schema-text', node, tool);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((x, i) => this.schema(x, [...path, String(i)], tool, depth + 1, key));
      return;
    }
    if (!isObject(node)) return;
    for (const k of Object.keys(node)) {
      const v = node[k];
      const p = [...path, k];
      if (k === 'properties' && isObject(v)) {
        for (const name of Object.keys(v)) {
          this.push([...p, name], 'param-name', name, tool);
          this.schema(v[name], [...p, name], tool, depth + 2, undefined);
        }
      } else if (VALUE_KEYS.has(k)) {
        this.values(v, p, tool, depth + 1);
      } else if (!MACHINE_KEYS.has(k)) {
        this.schema(v, p, tool, depth + 1, k);
      }
    }
  }

  packageTexts(obj: JsonObject, path: string[]): void {
    for (const listKey of ['environmentVariables', 'packageArguments', 'runtimeArguments', 'headers']) {
      const list = obj[listKey];
      if (!Array.isArray(list)) continue;
      list.forEach((entry, i) => {
        if (!isObject(entry)) return;
        const d = asString(entry.description);
        if (d) this.push([...path, listKey, String(i), 'description'], 'package-text', d);
      });
    }
  }
}

/** Every model-visible string of the manifest, with its path (plus install-time descriptions). */
export function collectTexts(view: ManifestView): TextItem[] {
  const c = new Collector();
  if (view.name) c.push(['name'], 'server-name', view.name);
  if (view.title) c.push(['title'], 'server-title', view.title);
  if (view.description) c.push(['description'], 'server-description', view.description);
  view.tools.forEach((t, i) => {
    const tool = t.tool;
    const name = asString(tool.name);
    if (name) c.push([...t.path, 'name'], 'tool-name', name, i);
    const title = asString(tool.title);
    if (title) c.push([...t.path, 'title'], 'tool-title', title, i);
    const description = asString(tool.description);
    if (description) c.push([...t.path, 'description'], 'tool-description', description, i);
    if (isObject(tool.annotations)) {
      const annTitle = asString(tool.annotations.title);
      if (annTitle) c.push([...t.path, 'annotations', 'title'], 'tool-title', annTitle, i);
    }
    for (const key of ['inputSchema', 'outputSchema']) {
      if (tool[key] !== undefined) c.schema(tool[key], [...t.path, key], i, 0, undefined);
    }
  });
  view.categories.forEach((s, i) => c.push([...view.blockPath, 'categories', String(i)], 'label', s));
  view.capabilities.forEach((s, i) => c.push([...view.blockPath, 'capabilities', String(i)], 'label', s));
  for (const { path, pkg } of view.packages) {
    c.packageTexts(pkg, path);
    if (isObject(pkg.transport)) c.packageTexts(pkg.transport, [...path, 'transport']);
  }
  for (const { path, remote } of view.remotes) c.packageTexts(remote, path);
  return c.items;
}
