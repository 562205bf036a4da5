import { problem } from './errors';

/*
 * How an MCP client starts (or reaches) a server, derived from its manifest: the first stdio package mcpm
 * knows how to run (npm → npx, pypi → uvx, oci → docker), else the first remote.
 */

export interface StdioLaunch {
  kind: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  /** What is run, for messages: `npm @alice/weather-mcp@1.0.0`. */
  source: string;
}

export interface RemoteLaunch {
  kind: 'remote';
  transport: 'streamable-http' | 'sse';
  url: string;
  headers: Record<string, string>;
  source: string;
}

export type Launch = StdioLaunch | RemoteLaunch;

export interface LaunchOptions {
  /** Use a remote even when a package could run locally. */
  preferRemote?: boolean;
  /**
   * Values given with `--env NAME=value`: for a package, environment variables (declared or not); for a
   * remote, the values of the headers it declares.
   */
  values?: Record<string, string>;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The fixed value of an input (`value`, else `default`). */
function inputValue(input: Json): string | undefined {
  return text(input.value) ?? text(input.default);
}

/** Command-line arguments of `runtimeArguments` / `packageArguments`; warns about required ones without a value. */
function renderArguments(list: unknown, where: string, warnings: string[]): string[] {
  if (!Array.isArray(list)) return [];
  const args: string[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const value = inputValue(item);
    if (item.type === 'named' && typeof item.name === 'string') {
      if (value === undefined && item.isRequired === true) {
        warnings.push(`${where}: ${item.name} needs a value; edit the client configuration to set it`);
        args.push(item.name, `<${text(item.valueHint) ?? 'value'}>`);
      } else if (value === undefined) args.push(item.name);
      else args.push(item.name, value);
    } else if (item.type === 'positional') {
      if (value !== undefined) args.push(value);
      else if (item.isRequired === true) {
        const hint = text(item.valueHint) ?? 'value';
        warnings.push(
          `${where}: the argument <${hint}> needs a value; edit the client configuration to set it`,
        );
        args.push(`<${hint}>`);
      }
    }
  }
  return args;
}

/** Environment variables (or headers): fixed values, `--env` values, and a warning for required ones left empty. */
function renderKeyValues(list: unknown, values: Record<string, string>, what: string, warnings: string[]) {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string') continue;
    const value = values[item.name] ?? inputValue(item);
    if (value !== undefined) out[item.name] = value;
    else if (item.isRequired === true) {
      out[item.name] = '';
      warnings.push(
        `${what} ${item.name} is required${item.isSecret === true ? ' (a secret)' : ''}: pass --env ${item.name}=… or fill it in the client configuration`,
      );
    }
  }
  return out;
}

function hasImageReference(identifier: string): boolean {
  const last = identifier.split('/').pop() ?? identifier;
  return last.includes(':') || identifier.includes('@sha256:');
}

function packageLaunch(
  pkg: Json,
  values: Record<string, string>,
  warnings: string[],
): StdioLaunch | undefined {
  const transport = isRecord(pkg.transport) ? text(pkg.transport.type) : 'stdio';
  const identifier = text(pkg.identifier);
  if (transport !== 'stdio' || !identifier) return undefined;
  const version = text(pkg.version);
  const where = `package ${identifier}`;
  // Declared variables get their values; any other `--env` is passed through as given.
  const env = {
    ...values,
    ...renderKeyValues(pkg.environmentVariables, values, 'environment variable', warnings),
  };
  const runtime = renderArguments(pkg.runtimeArguments, where, warnings);
  const packageArgs = renderArguments(pkg.packageArguments, where, warnings);
  switch (pkg.registryType) {
    case 'npm': {
      const spec = version ? `${identifier}@${version}` : identifier;
      return {
        kind: 'stdio',
        command: 'npx',
        args: ['-y', ...runtime, spec, ...packageArgs],
        env,
        source: `npm ${spec}`,
      };
    }
    case 'pypi': {
      const spec = version ? `${identifier}==${version}` : identifier;
      return {
        kind: 'stdio',
        command: 'uvx',
        args: [...runtime, spec, ...packageArgs],
        env,
        source: `pypi ${spec}`,
      };
    }
    case 'oci': {
      const image = version && !hasImageReference(identifier) ? `${identifier}:${version}` : identifier;
      // docker only passes the variables it is told about into the container.
      const passEnv = Object.keys(env).flatMap((name) => ['-e', name]);
      return {
        kind: 'stdio',
        command: 'docker',
        args: ['run', '-i', '--rm', ...passEnv, ...runtime, image, ...packageArgs],
        env,
        source: `oci ${image}`,
      };
    }
    default:
      return undefined;
  }
}

function remoteLaunch(
  remote: Json,
  values: Record<string, string>,
  warnings: string[],
): RemoteLaunch | undefined {
  const url = text(remote.url);
  if (!url || (remote.type !== 'streamable-http' && remote.type !== 'sse')) return undefined;
  const headers = renderKeyValues(remote.headers, values, 'header', warnings);
  return { kind: 'remote', transport: remote.type, url, headers, source: `remote ${url}` };
}

/** How to run the server, with warnings about inputs the user still has to fill in. */
export function launchFor(
  manifest: unknown,
  options: LaunchOptions = {},
): { launch: Launch; warnings: string[] } {
  const values = options.values ?? {};
  const m = isRecord(manifest) ? manifest : {};
  const packages = Array.isArray(m.packages) ? m.packages.filter(isRecord) : [];
  const remotes = Array.isArray(m.remotes) ? m.remotes.filter(isRecord) : [];
  const tryPackages = () => {
    for (const pkg of packages) {
      const warnings: string[] = [];
      const launch = packageLaunch(pkg, values, warnings);
      if (launch) return { launch, warnings };
    }
    return undefined;
  };
  const tryRemotes = () => {
    for (const remote of remotes) {
      const warnings: string[] = [];
      const launch = remoteLaunch(remote, values, warnings);
      if (launch) return { launch, warnings };
    }
    return undefined;
  };
  const found = options.preferRemote ? (tryRemotes() ?? tryPackages()) : (tryPackages() ?? tryRemotes());
  if (found) return found;
  const kinds = packages.map(
    (pkg) => `${String(pkg.registryType)} (${isRecord(pkg.transport) ? String(pkg.transport.type) : '?'})`,
  );
  throw problem(
    `the server offers nothing mcpm can install: ${kinds.length ? `packages ${kinds.join(', ')}` : 'no packages'}, ${remotes.length} remotes`,
    'mcpm runs stdio packages from npm, PyPI or OCI, or connects to a streamable-http/sse remote',
  );
}
