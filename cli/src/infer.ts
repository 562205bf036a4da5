import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CURRENT_SCHEMA_URL, PUBLISHER_META_KEY } from '@mcpr/manifest/constants';
import { parseToml, type TomlTable, type TomlValue } from './toml';

/** What `mcpm init` could work out from the project in the current folder. */
export interface Inferred {
  /** The file it read, if any. */
  source?: 'package.json' | 'pyproject.toml';
  name?: string;
  /** Where the name came from, for the printout. */
  nameFrom?: string;
  description?: string;
  version?: string;
  websiteUrl?: string;
  repository?: { url: string; source: string };
  package?: { registryType: 'npm' | 'pypi'; identifier: string };
  /** Things the publisher should do next (printed after init). */
  hints: string[];
}

export const SERVER_NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

/**
 * A repository reference as an https URL on a known forge: `github:o/r`, `o/r` (npm shorthand),
 * `git+https://github.com/o/r.git`, `git@github.com:o/r.git`, `https://github.com/o/r/tree/main`.
 */
export function repositoryOf(
  raw: string | undefined,
): { url: string; source: string; owner: string; repo: string } | undefined {
  if (!raw) return undefined;
  let text = raw.trim();
  const shorthand = /^(github|gitlab|bitbucket):([^/\s]+)\/([^/\s#]+)/.exec(text);
  if (shorthand)
    text = `https://${shorthand[1]}.${shorthand[1] === 'bitbucket' ? 'org' : 'com'}/${shorthand[2]}/${shorthand[3]}`;
  else if (/^[\w.-]+\/[\w.-]+$/.test(text)) text = `https://github.com/${text}`;
  text = text
    .replace(/^git\+/, '')
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/^(ssh|git):\/\/(git@)?/, 'https://');
  const match = /^https?:\/\/(?:www\.)?(github\.com|gitlab\.com|bitbucket\.org)\/([^/\s]+)\/([^/\s#?]+)/.exec(
    text,
  );
  if (!match) return undefined;
  const owner = match[2]!;
  const repo = match[3]!.replace(/\.git$/, '');
  return { url: `https://${match[1]}/${owner}/${repo}`, source: match[1]!.split('.')[0]!, owner, repo };
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function https(value: unknown): string | undefined {
  const text = asString(value);
  return text && /^https:\/\/\S+$/.test(text) ? text : undefined;
}

function nameFromRepository(repository: ReturnType<typeof repositoryOf>): string | undefined {
  if (!repository || repository.source !== 'github') return undefined;
  const name = `io.github.${repository.owner}/${repository.repo}`;
  return SERVER_NAME.test(name) ? name : undefined;
}

function fromPackageJson(pkg: Record<string, unknown>): Inferred {
  const hints: string[] = [];
  const repoField = pkg.repository;
  const repository = repositoryOf(
    typeof repoField === 'string' ? repoField : asString((repoField as { url?: unknown } | undefined)?.url),
  );
  const mcpName = asString(pkg.mcpName);
  const identifier = asString(pkg.name);
  let name: string | undefined;
  let nameFrom: string | undefined;
  if (mcpName && SERVER_NAME.test(mcpName)) [name, nameFrom] = [mcpName, 'package.json mcpName'];
  else if (nameFromRepository(repository))
    [name, nameFrom] = [nameFromRepository(repository), 'package.json repository'];
  if (identifier && !mcpName) {
    hints.push(
      'add "mcpName": "<server name>" to package.json: the official registry checks it before it accepts an npm package',
    );
  }
  return {
    source: 'package.json',
    ...(name ? { name, nameFrom } : {}),
    ...(asString(pkg.description) ? { description: asString(pkg.description) } : {}),
    ...(asString(pkg.version) ? { version: asString(pkg.version) } : {}),
    ...(https(pkg.homepage) ? { websiteUrl: https(pkg.homepage) } : {}),
    ...(repository ? { repository: { url: repository.url, source: repository.source } } : {}),
    ...(identifier && pkg.private !== true ? { package: { registryType: 'npm' as const, identifier } } : {}),
    hints:
      pkg.private === true
        ? [...hints, 'package.json is private, so no npm package was added to server.json']
        : hints,
  };
}

function table(value: TomlValue | undefined): TomlTable | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function fromPyproject(doc: TomlTable): Inferred {
  const project = table(doc.project) ?? {};
  const poetry = table(table(doc.tool)?.poetry) ?? {};
  const urls = { ...(table(poetry.urls) ?? {}), ...(table(project.urls) ?? {}) };
  /** The first of `names` (in that order of preference) among the project URLs. */
  const url = (...names: string[]) => {
    const byName = new Map(
      Object.entries(urls).map(([key, value]) => [key.toLowerCase().replace(/[\s_-]/g, ''), value]),
    );
    for (const name of names) if (asString(byName.get(name))) return asString(byName.get(name));
    return undefined;
  };
  const repository = repositoryOf(
    asString(poetry.repository) ?? url('repository', 'source', 'sourcecode', 'code', 'github', 'homepage'),
  );
  const identifier = asString(project.name) ?? asString(poetry.name);
  const name = nameFromRepository(repository);
  const description = asString(project.description) ?? asString(poetry.description);
  const version = asString(project.version) ?? asString(poetry.version);
  const homepage =
    https(project.homepage) ?? https(poetry.homepage) ?? https(url('homepage', 'documentation'));
  return {
    source: 'pyproject.toml',
    ...(name ? { name, nameFrom: 'pyproject.toml repository URL' } : {}),
    ...(description ? { description } : {}),
    ...(version ? { version } : {}),
    ...(homepage ? { websiteUrl: homepage } : {}),
    ...(repository ? { repository: { url: repository.url, source: repository.source } } : {}),
    ...(identifier ? { package: { registryType: 'pypi' as const, identifier } } : {}),
    hints: identifier
      ? [
          'add "mcp-name: <server name>" to your README: the official registry looks for it before it accepts a PyPI package',
        ]
      : [],
  };
}

/** Reads package.json, else pyproject.toml, in `cwd`. */
export function inferFromProject(cwd: string): Inferred {
  const packageJson = join(cwd, 'package.json');
  if (existsSync(packageJson)) {
    try {
      const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return fromPackageJson(parsed as Record<string, unknown>);
    } catch {
      return { hints: ['package.json is not valid JSON, so nothing was inferred from it'] };
    }
  }
  const pyproject = join(cwd, 'pyproject.toml');
  if (existsSync(pyproject)) return fromPyproject(parseToml(readFileSync(pyproject, 'utf8')));
  return { hints: [] };
}

export interface InitAnswers {
  name: string;
  description: string;
  version: string;
  websiteUrl?: string;
  repository?: { url: string; source: string };
  package?: { registryType: 'npm' | 'pypi'; identifier: string };
}

/** The server.json `mcpm init` writes, with our (empty) extension block ready to fill in. */
export function buildManifest(answers: InitAnswers): Record<string, unknown> {
  return {
    $schema: CURRENT_SCHEMA_URL,
    name: answers.name,
    description: answers.description,
    version: answers.version,
    ...(answers.websiteUrl ? { websiteUrl: answers.websiteUrl } : {}),
    ...(answers.repository ? { repository: answers.repository } : {}),
    ...(answers.package
      ? {
          packages: [
            {
              registryType: answers.package.registryType,
              identifier: answers.package.identifier,
              version: answers.version,
              transport: { type: 'stdio' },
            },
          ],
        }
      : {}),
    _meta: { [PUBLISHER_META_KEY]: { tools: [], categories: [], capabilities: [], permissions: [] } },
  };
}
