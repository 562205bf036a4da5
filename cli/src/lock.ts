import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalDigest } from '@mcpr/platform/crypto/canonical-json';
import { PUBLISHER_META_KEY } from '@mcpr/manifest/constants';
import { toolPin, toolsetHash } from '@mcpr/scanner';
import { usageError } from './errors';
import type { TrustTier } from './operations';

/*
 * mcps-lock.json: what this project installed, pinned (format in cli/README.md). It holds no timestamps,
 * random ids or absolute paths, and is written with sorted keys, two-space indentation and a final
 * newline, so the same installs give the same bytes on every machine.
 */

export const LOCK_FILE = 'mcps-lock.json';
export const LOCKFILE_VERSION = 1;

export interface LockEntry {
  /** The installed version (exact, never "latest"). */
  version: string;
  /** Lowercase hex SHA-256 of the RFC 8785 form of the version's stored manifest. */
  manifestDigest: string;
  /** SHA-256 over the sorted tool pins (the scanner's toolsetHash). */
  toolsetHash: string;
  /** Tool name → pin: SHA-256 of the RFC 8785 form of the tool's pinned fields. */
  tools: Record<string, string>;
  /** The server's trust tier at install time (verify reports a drop below it). */
  tier?: TrustTier;
  /** The clients it is installed into, sorted. */
  client: string[];
}

export interface Lockfile {
  lockfileVersion: number;
  servers: Record<string, LockEntry>;
}

export function emptyLock(): Lockfile {
  return { lockfileVersion: LOCKFILE_VERSION, servers: {} };
}

/** The tools of a manifest's `_meta["io.mcpr/publisher-provided"]` block. */
export function manifestTools(manifest: unknown): Record<string, unknown>[] {
  const meta = (manifest as { _meta?: Record<string, unknown> } | null)?._meta;
  const block =
    meta && typeof meta === 'object' ? (meta[PUBLISHER_META_KEY] as { tools?: unknown }) : undefined;
  const tools = block && typeof block === 'object' ? block.tools : undefined;
  return Array.isArray(tools)
    ? tools.filter((tool): tool is Record<string, unknown> => typeof tool === 'object' && tool !== null)
    : [];
}

/** Pins of a manifest's tools (by name) and their toolset hash, as the trust subgraph computes them. */
export function pinsOf(manifest: unknown): { tools: Record<string, string>; toolsetHash: string } {
  const tools: Record<string, string> = {};
  for (const tool of manifestTools(manifest)) {
    const name = typeof tool.name === 'string' ? tool.name : '';
    if (!(name in tools)) tools[name] = toolPin(tool);
  }
  return { tools, toolsetHash: toolsetHash(Object.values(tools)) };
}

/** The digest the registry reports as `manifestDigest`. */
export function manifestDigestOf(manifest: unknown): string {
  return canonicalDigest(manifest);
}

export function lockEntryFor(input: {
  version: string;
  manifest: unknown;
  tier?: TrustTier | null;
  clients: readonly string[];
}): LockEntry {
  const pins = pinsOf(input.manifest);
  return {
    version: input.version,
    manifestDigest: manifestDigestOf(input.manifest),
    toolsetHash: pins.toolsetHash,
    tools: pins.tools,
    ...(input.tier ? { tier: input.tier } : {}),
    client: [...new Set(input.clients)].sort(),
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** The exact bytes of a lock file. */
export function serializeLock(lock: Lockfile): string {
  const servers: Record<string, LockEntry> = {};
  for (const [name, entry] of Object.entries(lock.servers)) {
    servers[name] = { ...entry, client: [...new Set(entry.client)].sort() };
  }
  return `${JSON.stringify(sortKeys({ lockfileVersion: lock.lockfileVersion, servers }), null, 2)}\n`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a parsed lock file; every problem is a usage error naming the path. */
export function parseLock(value: unknown, file: string): Lockfile {
  const bad = (where: string, what: string) =>
    usageError(`${file}: ${where} ${what}`, `fix it, or delete ${LOCK_FILE} and install again`);
  if (!isRecord(value)) throw bad('the file', 'must hold a JSON object');
  if (value.lockfileVersion !== LOCKFILE_VERSION) {
    throw bad(
      'lockfileVersion',
      `is ${JSON.stringify(value.lockfileVersion)}; this mcpm reads version ${LOCKFILE_VERSION}`,
    );
  }
  if (!isRecord(value.servers)) throw bad('servers', 'must be an object');
  const servers: Record<string, LockEntry> = {};
  for (const [name, raw] of Object.entries(value.servers)) {
    const at = `servers[${JSON.stringify(name)}]`;
    if (!isRecord(raw)) throw bad(at, 'must be an object');
    for (const field of ['version', 'manifestDigest', 'toolsetHash'] as const) {
      if (typeof raw[field] !== 'string') throw bad(`${at}.${field}`, 'must be a string');
    }
    if (!isRecord(raw.tools) || Object.values(raw.tools).some((pin) => typeof pin !== 'string')) {
      throw bad(`${at}.tools`, 'must map tool names to pins');
    }
    if (!Array.isArray(raw.client) || raw.client.some((client) => typeof client !== 'string')) {
      throw bad(`${at}.client`, 'must be a list of client names');
    }
    servers[name] = {
      version: raw.version as string,
      manifestDigest: raw.manifestDigest as string,
      toolsetHash: raw.toolsetHash as string,
      tools: raw.tools as Record<string, string>,
      ...(typeof raw.tier === 'string' ? { tier: raw.tier as TrustTier } : {}),
      client: raw.client as string[],
    };
  }
  return { lockfileVersion: LOCKFILE_VERSION, servers };
}

export function lockPath(cwd: string): string {
  return join(cwd, LOCK_FILE);
}

/** The project's lock, or null when there is none. */
export function readLock(cwd: string): Lockfile | null {
  const path = lockPath(cwd);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw usageError(
      `${path} is not valid JSON (${(error as Error).message})`,
      `fix it, or delete ${LOCK_FILE} and install again`,
    );
  }
  return parseLock(parsed, path);
}

export function writeLock(cwd: string, lock: Lockfile): string {
  const path = lockPath(cwd);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, serializeLock(lock));
  renameSync(temp, path);
  return path;
}
