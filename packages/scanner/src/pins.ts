import { canonicalDigest, canonicalJson } from '@mcpr/platform/crypto/canonical-json';
import { isObject, readManifest } from './manifest';
import type { PinnedTool, ToolChange, ToolChanges, ToolPinEntry } from './types';

/** The fields a tool pin covers, in the order they are reported. */
export const PINNED_FIELDS = [
  'name',
  'title',
  'description',
  'inputSchema',
  'outputSchema',
  'annotations',
] as const;

/**
 * A JSON-safe deep copy: cycles and values JSON cannot hold (functions, symbols, non-finite numbers,
 * values nested deeper than 64) become `null` or are dropped, so hashing never throws on junk input.
 */
export function jsonSafe(value: unknown, seen: Set<unknown> = new Set(), depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || depth > 64 || seen.has(value)) return null;
  seen.add(value);
  try {
    if (Array.isArray(value))
      return value.map((v) => (v === undefined ? null : jsonSafe(v, seen, depth + 1)));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out[key] = jsonSafe(v, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The pinned fields of a tool (absent fields left out). */
export function pinnedView(tool: unknown): PinnedTool {
  const out: PinnedTool = {};
  if (!isObject(tool)) return out;
  for (const f of PINNED_FIELDS) if (tool[f] !== undefined) out[f] = jsonSafe(tool[f]);
  return out;
}

/**
 * The pin of a tool: lowercase hex SHA-256 over the RFC 8785 canonical JSON of
 * `{name, title, description, inputSchema, outputSchema, annotations}` (absent fields omitted).
 */
export function toolPin(tool: unknown): string {
  return canonicalDigest(pinnedView(tool));
}

/** The toolset hash: SHA-256 over the canonical JSON of the sorted tool pins (so tool order does not matter). */
export function toolsetHash(pins: readonly (ToolPinEntry | string)[]): string {
  const hashes = pins.map((p) => (typeof p === 'string' ? p : p.hash)).sort();
  return canonicalDigest(hashes);
}

/** Pins of the tools of a manifest, in manifest order (unnamed tools are pinned as `""`). */
export function toolPinsOf(manifest: unknown): ToolPinEntry[] {
  return readManifest(manifest).tools.map((t) => ({ name: t.name ?? '', hash: toolPin(t.tool) }));
}

function byName(manifest: unknown): Map<string, PinnedTool> {
  const map = new Map<string, PinnedTool>();
  for (const t of readManifest(manifest).tools) {
    if (t.name !== undefined && !map.has(t.name)) map.set(t.name, pinnedView(t.tool));
  }
  return map;
}

/** Added, removed and changed (same name, different pin) tools between two versions of a manifest. */
export function diffTools(previousManifest: unknown, manifest: unknown): ToolChanges {
  const before = byName(previousManifest);
  const after = byName(manifest);
  const changes: ToolChanges = { added: [], removed: [], changed: [] };
  for (const [name, tool] of after) {
    const old = before.get(name);
    if (!old) {
      changes.added.push(tool);
      continue;
    }
    const beforeHash = canonicalDigest(old);
    const afterHash = canonicalDigest(tool);
    if (beforeHash === afterHash) continue;
    const fields = PINNED_FIELDS.filter(
      (f) => canonicalJson(old[f] ?? null) !== canonicalJson(tool[f] ?? null),
    );
    const change: ToolChange = { name, before: old, after: tool, beforeHash, afterHash, fields };
    changes.changed.push(change);
  }
  for (const [name, tool] of before) if (!after.has(name)) changes.removed.push(tool);
  return changes;
}
