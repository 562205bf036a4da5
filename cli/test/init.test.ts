import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest } from '@mcpr/manifest';
import { inferFromProject, repositoryOf } from '../src/infer';
import { parseToml } from '../src/toml';
import { mcpm, removeDir, tempDir } from './helpers';

describe('mcpm init', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  const written = () => JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as Record<string, any>;

  it('infers everything from package.json and never asks when stdin is not a terminal', async () => {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: '@alice/weather-mcp',
        version: '1.2.0',
        description: 'Weather forecasts',
        homepage: 'https://alice.example.com',
        repository: { type: 'git', url: 'git+https://github.com/alice/weather-mcp.git' },
      }),
    );
    const result = await mcpm(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    const manifest = written();
    expect(manifest).toMatchObject({
      name: 'io.github.alice/weather-mcp',
      description: 'Weather forecasts',
      version: '1.2.0',
      websiteUrl: 'https://alice.example.com',
      repository: { url: 'https://github.com/alice/weather-mcp', source: 'github' },
      packages: [
        {
          registryType: 'npm',
          identifier: '@alice/weather-mcp',
          version: '1.2.0',
          transport: { type: 'stdio' },
        },
      ],
      _meta: {
        'io.mcpr/publisher-provided': { tools: [], categories: [], capabilities: [], permissions: [] },
      },
    });
    expect(validateManifest(manifest).ok).toBe(true);
    expect(result.stderr).toMatch(/mcpName/);
  });

  it('prefers package.json mcpName for the server name', () => {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'x', mcpName: 'io.github.bob/x', repository: 'github:alice/other' }),
    );
    expect(inferFromProject(dir)).toMatchObject({
      name: 'io.github.bob/x',
      nameFrom: 'package.json mcpName',
    });
  });

  it('infers from pyproject.toml ([project] and [project.urls])', async () => {
    writeFileSync(
      join(dir, 'pyproject.toml'),
      [
        '[build-system]',
        'requires = ["hatchling"]',
        '',
        '[project]',
        'name = "weather-mcp"  # the PyPI name',
        "version = '0.3.1'",
        'description = """Weather for agents"""',
        'authors = [{ name = "Alice", email = "a@example.com" }]',
        '',
        '[[tool.hatch.envs]]',
        'x = 1',
        '',
        '[project.urls]',
        'Homepage = "https://alice.example.com"',
        'Repository = "https://github.com/alice/weather-py"',
      ].join('\n'),
    );
    const result = await mcpm(['init', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).manifest).toMatchObject({
      name: 'io.github.alice/weather-py',
      version: '0.3.1',
      description: 'Weather for agents',
      websiteUrl: 'https://alice.example.com',
      packages: [{ registryType: 'pypi', identifier: 'weather-mcp', version: '0.3.1' }],
    });
  });

  it('reports everything it cannot infer at once (exit 2) instead of prompting without a terminal', async () => {
    const result = await mcpm(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot infer name, description, version/);
    expect(result.stderr).toMatch(/--name io\.github\.you\/server --description/);
    expect(existsSync(join(dir, 'server.json'))).toBe(false);
  });

  it('asks on a terminal only for what is missing', async () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tool', version: '0.1.0' }));
    const result = await mcpm(['init'], {
      cwd: dir,
      typed: ['not a name', 'io.github.carol/tool', 'Does things'],
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Server name/);
    expect(result.stderr).not.toMatch(/Version/);
    expect(written()).toMatchObject({
      name: 'io.github.carol/tool',
      description: 'Does things',
      version: '0.1.0',
    });
  });

  it('does not overwrite a manifest (server.json or mcps.json) without --force', async () => {
    writeFileSync(join(dir, 'mcps.json'), '{}');
    const args = ['init', '--name', 'io.github.a/b', '--description', 'd', '--version', '1.0.0'];
    const refused = await mcpm(args, { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/mcps\.json already exists/);
    expect((await mcpm([...args, '--force'], { cwd: dir })).code).toBe(0);
    expect(written().name).toBe('io.github.a/b');
  });

  it('normalises repository references', () => {
    expect(repositoryOf('alice/x')?.url).toBe('https://github.com/alice/x');
    expect(repositoryOf('github:alice/x')?.url).toBe('https://github.com/alice/x');
    expect(repositoryOf('git@github.com:alice/x.git')?.url).toBe('https://github.com/alice/x');
    expect(repositoryOf('https://gitlab.com/alice/x/-/tree/main')).toMatchObject({
      url: 'https://gitlab.com/alice/x',
      source: 'gitlab',
    });
    expect(repositoryOf('https://example.com/x')).toBeUndefined();
  });

  it('reads the TOML it needs', () => {
    expect(
      parseToml(
        'a.b = "x\\ty" # c\n[t]\narr = [\n 1, "two", # x\n]\ninline = { k = true, "q k" = \'lit\' }\n[tool.poetry]\nname="p"',
      ),
    ).toEqual({
      a: { b: 'x\ty' },
      t: { arr: [1, 'two'], inline: { k: true, 'q k': 'lit' } },
      tool: { poetry: { name: 'p' } },
    });
  });
});
