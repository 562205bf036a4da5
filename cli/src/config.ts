import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { CliError, ExitCode, usageError } from './errors';
import type { OutStream } from './output';

/** What a run of mcpm sees of its process; tests pass their own. */
export interface Io {
  env: Record<string, string | undefined>;
  cwd: string;
  homedir: string;
  platform: NodeJS.Platform;
  stdin: Readable & { isTTY?: boolean };
  stdout: OutStream;
  stderr: OutStream;
}

/** The registry mcpm talks to when nothing says otherwise (`npm start` on this machine). */
export const DEFAULT_URL = 'http://127.0.0.1:4000';
export const CONFIG_FILE = 'config.json';

/**
 * The user's mcpm directory (config, signing keys, audit verifier state):
 * `$MCPM_CONFIG_DIR`, else `%APPDATA%\mcpm` on Windows, else `$XDG_CONFIG_HOME/mcpm`, else
 * `~/.config/mcpm` (macOS included, like most command-line tools).
 */
export function userConfigDir(io: Pick<Io, 'env' | 'homedir' | 'platform'>): string {
  const { env } = io;
  if (env.MCPM_CONFIG_DIR) return env.MCPM_CONFIG_DIR;
  if (io.platform === 'win32') return join(env.APPDATA || join(io.homedir, 'AppData', 'Roaming'), 'mcpm');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(io.homedir, '.config'), 'mcpm');
}

/** What `mcpm login` stores. */
export interface StoredConfig {
  url?: string;
  apiKey?: string;
}

export type Source = 'flag' | 'env' | 'config' | 'default';

export interface ResolvedConfig {
  /** The gateway's base URL, without a trailing slash (GraphQL is at `${url}/graphql`). */
  url: string;
  urlSource: Source;
  apiKey?: string;
  apiKeySource?: Exclude<Source, 'default'>;
  configDir: string;
}

/** Writes a file only its owner can read (0600), atomically, creating its folder (0700). */
export function writePrivateFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

export function readStoredConfig(configDir: string): StoredConfig {
  const path = join(configDir, CONFIG_FILE);
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw usageError(
      `${path} is not valid JSON (${(error as Error).message})`,
      'fix it, or delete it and run mcpm login again',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(`${path} must hold a JSON object`, 'delete it and run mcpm login again');
  }
  const { url, apiKey } = parsed as Record<string, unknown>;
  return {
    ...(typeof url === 'string' ? { url } : {}),
    ...(typeof apiKey === 'string' ? { apiKey } : {}),
  };
}

export function writeStoredConfig(configDir: string, config: StoredConfig): string {
  const path = join(configDir, CONFIG_FILE);
  writePrivateFile(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

export function removeStoredConfig(configDir: string): boolean {
  const path = join(configDir, CONFIG_FILE);
  if (!existsSync(path)) return false;
  rmSync(path);
  return true;
}

/**
 * A registry base URL as mcpm uses it: http(s), no trailing slash, and no `/graphql` suffix (people
 * paste the GraphQL endpoint; mcpm appends it itself).
 */
export function normaliseUrl(raw: string, where: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw usageError(
      `${where} is not a URL: ${JSON.stringify(raw)}`,
      `use the gateway's base URL, e.g. ${DEFAULT_URL}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`${where} must be an http(s) URL, not ${url.protocol}`, `e.g. ${DEFAULT_URL}`);
  }
  url.search = '';
  url.hash = '';
  return url
    .toString()
    .replace(/\/+$/, '')
    .replace(/\/graphql$/, '');
}

/**
 * Flags override the environment (MCPR_URL, MCPR_API_KEY), which overrides what `mcpm login` stored.
 */
export function resolveConfig(io: Io, flags: { url?: string; apiKey?: string }): ResolvedConfig {
  const configDir = userConfigDir(io);
  const stored = readStoredConfig(configDir);
  const fromEnv = (name: string) =>
    io.env[name] && io.env[name]!.trim() !== '' ? io.env[name]!.trim() : undefined;

  let url = DEFAULT_URL;
  let urlSource: Source = 'default';
  if (flags.url !== undefined) [url, urlSource] = [normaliseUrl(flags.url, '--url'), 'flag'];
  else if (fromEnv('MCPR_URL')) [url, urlSource] = [normaliseUrl(fromEnv('MCPR_URL')!, 'MCPR_URL'), 'env'];
  else if (stored.url) [url, urlSource] = [normaliseUrl(stored.url, join(configDir, CONFIG_FILE)), 'config'];

  let apiKey: string | undefined;
  let apiKeySource: ResolvedConfig['apiKeySource'];
  if (flags.apiKey !== undefined) [apiKey, apiKeySource] = [flags.apiKey.trim(), 'flag'];
  else if (fromEnv('MCPR_API_KEY')) [apiKey, apiKeySource] = [fromEnv('MCPR_API_KEY'), 'env'];
  else if (stored.apiKey) [apiKey, apiKeySource] = [stored.apiKey, 'config'];

  return { url, urlSource, configDir, ...(apiKey ? { apiKey, apiKeySource } : {}) };
}

/** Where a key came from, for messages ("the key from MCPR_API_KEY"). */
export function describeKeySource(config: Pick<ResolvedConfig, 'apiKeySource' | 'configDir'>): string {
  switch (config.apiKeySource) {
    case 'flag':
      return 'the key given with --api-key';
    case 'env':
      return 'the key in MCPR_API_KEY';
    case 'config':
      return `the key stored by mcpm login (${join(config.configDir, CONFIG_FILE)})`;
    default:
      return 'no key';
  }
}

/** The error for a command that needs a key when there is none. */
export function noKeyError(): CliError {
  return new CliError(
    'this command needs an API key, and none is set',
    ExitCode.AUTH,
    'run `mcpm login`, or set MCPR_API_KEY (or pass --api-key)',
  );
}
