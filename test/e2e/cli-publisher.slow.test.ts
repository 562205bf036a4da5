/**
 * mcpm end to end, publisher side: the real binary (`node cli/bin/mcpm.js`, which runs cli/dist — the
 * slow suite's `npm run test:slow` builds it first; by hand: `npx tsc -b cli`) against the embedded
 * stack, with a private HOME/XDG_CONFIG_HOME, project folder and client config folders:
 * login → init → validate (a broken manifest shows path-specific errors) → publish --dry-run (stores
 * nothing) → publish → info → status deprecated → install into each client (files parse and hold the
 * server) → deterministic mcps-lock.json → uninstall → audit verify.
 *
 * Only registry and audit are needed here; vet, search and signing are in cli-consumer.slow.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKey,
  createNamespace,
  eventually,
  expectData,
  ROOT,
  ServerDetailDocument,
  ServerVersionDocument,
  startTestStack,
  UNTHROTTLED_ENV,
  type TestStack,
} from '../src';

const BIN = join(ROOT, 'cli', 'bin', 'mcpm.js');
const NAME = 'io.github.acme/weather';
const CLIENT_FILES = {
  'claude-desktop': { file: 'claude_desktop_config.json', key: 'mcpServers' },
  vscode: { file: 'mcp.json', key: 'servers' },
  cursor: { file: 'mcp.json', key: 'mcpServers' },
} as const;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built mcpm as a child process (asynchronously: the stack lives in this process). */
function mcpm(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;

describe('mcpm (publisher journey, real binary)', () => {
  let stack: TestStack;
  let publisherKey: string;
  let home: string;
  let project: string;
  let env: Record<string, string>;
  const run = (args: string[], cwd = project) => mcpm(args, { cwd, env });

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'cli', 'dist', 'main.js'))) {
      throw new Error(
        'cli/dist is missing: build mcpm first (`npx tsc -b cli`; `npm run test:slow` does it)',
      );
    }
    stack = await startTestStack({ env: UNTHROTTLED_ENV });
    await createNamespace(stack.admin, 'io.github.acme', 'acme');
    ({ secret: publisherKey } = await createKey(stack.admin, {
      account: 'acme',
      name: 'acme publisher',
      scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
      namespaces: ['io.github.acme/*'],
    }));
    home = mkdtempSync(join(tmpdir(), 'mcpm-home-'));
    project = join(home, 'weather-mcp');
    mkdirSync(project);
    // No MCPR_API_KEY: the key comes from `mcpm login`.
    env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      MCPR_URL: stack.gatewayUrl,
    };
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('logs in: checks the key with viewer and stores it readable only by the user', async () => {
    const bad = await run(['login', '--api-key', `${publisherKey.slice(0, -1)}0`]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/not an MCP Registry API key/);

    const result = await run(['login', '--api-key', publisherKey]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/logged in to .* as acme/);
    const file = join(home, '.config', 'mcpm', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readJson(file)).toEqual({ url: stack.gatewayUrl, apiKey: publisherKey });

    const who = await run(['whoami', '--json']);
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({
      handle: 'acme',
      scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
    });
  }, 30_000);

  it('init writes server.json from package.json without asking (stdin is not a terminal), and it validates', async () => {
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: '@acme/weather-mcp',
        version: '1.0.0',
        description: 'Forecasts and current conditions for any city',
        mcpName: NAME,
        repository: 'github:acme/weather-mcp',
      }),
    );
    const init = await run(['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toBe(`wrote server.json for ${NAME}@1.0.0\n`);
    const manifest = readJson(join(project, 'server.json'));
    expect(manifest).toMatchObject({
      name: NAME,
      version: '1.0.0',
      repository: { url: 'https://github.com/acme/weather-mcp', source: 'github' },
      packages: [
        {
          registryType: 'npm',
          identifier: '@acme/weather-mcp',
          version: '1.0.0',
          transport: { type: 'stdio' },
        },
      ],
    });
    // The publisher lists the tools.
    manifest._meta['io.mcpr/publisher-provided'].tools = [
      {
        name: 'get_forecast',
        description: 'Forecast for a city',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        annotations: { readOnlyHint: true },
      },
      {
        name: 'current_conditions',
        description: 'Current conditions for a city',
        inputSchema: { type: 'object' },
      },
    ];
    writeFileSync(join(project, 'server.json'), JSON.stringify(manifest, null, 2));

    const valid = await run(['validate']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^server\.json: 0 errors, 0 warnings, scan PASSED/);
  }, 30_000);

  it('validate shows every problem of a broken manifest at its JSON path (exit 1)', async () => {
    const broken = readJson(join(project, 'server.json'));
    broken.version = '>=1.0.0';
    broken.packages[0].transport = { type: 'streamable-http', url: 'http://weather.example.com/mcp' };
    broken._meta['io.mcpr/publisher-provided'].tools[1].inputSchema = { type: 'objekt' };
    writeFileSync(join(project, 'broken.json'), JSON.stringify(broken, null, 2));

    const result = await run(['validate', 'broken.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^broken\.json: 3 errors/);
    expect(result.stdout).toMatch(/\n {2}error +version +/);
    expect(result.stdout).toMatch(/\n {2}error +packages\[0\]\.transport\.url +must use https/);
    expect(result.stdout).toMatch(
      /\n {2}error +_meta\["io\.mcpr\/publisher-provided"\]\.tools\[1\]\.inputSchema\.type +/,
    );

    const json = JSON.parse((await run(['validate', 'broken.json', '--json'])).stdout);
    expect(json.errors.map((error: { path: string[] }) => error.path)).toEqual(
      expect.arrayContaining([['version'], ['packages', '0', 'transport', 'url']]),
    );
    // Publishing it sends nothing.
    const refused = await run(['publish', 'broken.json']);
    expect(refused.code).toBe(1);
    expect(expectData(await stack.anonymous.execute(ServerDetailDocument, { name: NAME })).server).toBeNull();
  }, 30_000);

  it('publish --dry-run stores nothing; publish stores the version; a duplicate is refused', async () => {
    const dry = await run(['publish', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /dry run: io\.github\.acme\/weather@1\.0\.0 is ready to publish \(nothing was sent\)/,
    );
    expect(dry.stdout).toMatch(/key of acme may publish it/);
    expect(expectData(await stack.anonymous.execute(ServerDetailDocument, { name: NAME })).server).toBeNull();

    const published = await run(['publish', '--json']);
    expect(published.code).toBe(0);
    const body = JSON.parse(published.stdout);
    expect(body).toMatchObject({
      published: true,
      version: { version: '1.0.0', isLatest: true, server: { name: NAME } },
    });
    const server = expectData(await stack.anonymous.execute(ServerDetailDocument, { name: NAME })).server!;
    expect(server.latestVersion!.manifestDigest).toBe(body.version.manifestDigest);
    expect(server.latestVersion!.tools.map((tool) => tool.name)).toEqual([
      'get_forecast',
      'current_conditions',
    ]);

    const again = await run(['publish']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/CONFLICT/);
    expect(again.stderr).toMatch(/raise "version"/);

    // A second version, so the first can be deprecated while the latest is installed.
    const manifest = readJson(join(project, 'server.json'));
    manifest.version = '1.1.0';
    manifest.packages[0].version = '1.1.0';
    writeFileSync(join(project, 'mcps.json'), JSON.stringify(manifest, null, 2));
    expect((await run(['publish', 'mcps.json'])).code).toBe(0);
  }, 30_000);

  it('info shows the server (and --json only the document); status deprecates a version', async () => {
    const info = await run(['info', NAME]);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(new RegExp(`^${NAME.replace(/[./]/g, '\\$&')}\n`));
    expect(info.stdout).toMatch(/latest +1\.1\.0/);
    expect(info.stdout).toMatch(/package +npm @acme\/weather-mcp@1\.1\.0 \(stdio\)/);
    expect(info.stdout).toMatch(/get_forecast \[readOnly\] +Forecast for a city/);
    const json = JSON.parse((await run(['info', NAME, '--json'])).stdout);
    expect(json).toMatchObject({ name: NAME, latestVersion: { version: '1.1.0' } });

    const missing = await run(['info', 'io.github.acme/nothing']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no server named io\.github\.acme\/nothing/);

    const deprecated = await run(['status', `${NAME}@1.0.0`, 'deprecated', '--message', 'use 1.1.0']);
    expect(deprecated.code).toBe(0);
    expect(deprecated.stdout).toBe(`${NAME}@1.0.0 is now deprecated: use 1.1.0\n`);
    const version = expectData(
      await stack.anonymous.execute(ServerVersionDocument, { name: NAME, version: '1.0.0' }),
    ).serverVersion!;
    expect(version).toMatchObject({ status: 'DEPRECATED', statusMessage: 'use 1.1.0' });
    expect((await run(['info', NAME])).stdout).toMatch(/1\.0\.0 +deprecated/);
  }, 30_000);

  it('installs into every client (files parse and hold the server, merged and backed up) with a deterministic lock', async () => {
    const consumer = join(home, 'consumer-project');
    mkdirSync(consumer);
    const configDir = (client: string) => join(home, 'clients', client);
    // An existing Claude Desktop config with another server: kept, and backed up before the change.
    mkdirSync(configDir('claude-desktop'), { recursive: true });
    const before = {
      mcpServers: { 'other/server': { command: 'other', args: [] } },
      globalShortcut: 'Ctrl+Space',
    };
    writeFileSync(join(configDir('claude-desktop'), 'claude_desktop_config.json'), JSON.stringify(before));

    for (const client of Object.keys(CLIENT_FILES)) {
      // vet is covered by cli-consumer.slow.test.ts (it needs the trust service).
      const result = await run(
        [
          'install',
          NAME,
          '--client',
          client,
          '--config-dir',
          configDir(client),
          '--no-vet',
          '--env',
          'CITY=Paris',
        ],
        consumer,
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`installed ${NAME.replace(/[./]/g, '\\$&')}@1\\.1\\.0 in `));
      expect(result.stderr).toMatch(/--no-vet/);
    }

    const claude = readJson(join(configDir('claude-desktop'), 'claude_desktop_config.json'));
    expect(claude).toEqual({
      ...before,
      mcpServers: {
        ...before.mcpServers,
        [NAME]: { command: 'npx', args: ['-y', '@acme/weather-mcp@1.1.0'], env: { CITY: 'Paris' } },
      },
    });
    expect(readJson(join(configDir('claude-desktop'), 'claude_desktop_config.json.bak'))).toEqual(before);
    expect(readJson(join(configDir('vscode'), 'mcp.json'))).toEqual({
      servers: {
        [NAME]: {
          type: 'stdio',
          command: 'npx',
          args: ['-y', '@acme/weather-mcp@1.1.0'],
          env: { CITY: 'Paris' },
        },
      },
    });
    expect(readJson(join(configDir('cursor'), 'mcp.json'))).toEqual({
      mcpServers: {
        [NAME]: { command: 'npx', args: ['-y', '@acme/weather-mcp@1.1.0'], env: { CITY: 'Paris' } },
      },
    });

    const lockBytes = readFileSync(join(consumer, 'mcps-lock.json'), 'utf8');
    const lock = JSON.parse(lockBytes);
    const server = expectData(await stack.anonymous.execute(ServerDetailDocument, { name: NAME })).server!;
    expect(lock).toEqual({
      lockfileVersion: 1,
      servers: {
        [NAME]: {
          client: ['claude-desktop', 'cursor', 'vscode'],
          manifestDigest: server.latestVersion!.manifestDigest,
          ...(lock.servers[NAME].tier ? { tier: server.trust!.tier } : {}),
          tools: {
            current_conditions: expect.stringMatching(/^[0-9a-f]{64}$/),
            get_forecast: expect.stringMatching(/^[0-9a-f]{64}$/),
          },
          toolsetHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          version: '1.1.0',
        },
      },
    });
    expect(lockBytes.endsWith('\n')).toBe(true);

    // The same installs, in another order and another folder, give the same bytes; so does re-running one.
    const other = join(home, 'other-project');
    mkdirSync(other);
    for (const client of ['vscode', 'cursor', 'claude-desktop']) {
      const dir = join(home, 'other-clients', client);
      expect(
        (await run(['install', `${NAME}@1.1.0`, '--client', client, '--config-dir', dir, '--no-vet'], other))
          .code,
      ).toBe(0);
    }
    expect(readFileSync(join(other, 'mcps-lock.json'), 'utf8')).toBe(lockBytes);
    const again = await run(
      [
        'install',
        NAME,
        '--client',
        'cursor',
        '--config-dir',
        configDir('cursor'),
        '--no-vet',
        '--env',
        'CITY=Paris',
      ],
      consumer,
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already installed/);
    expect(readFileSync(join(consumer, 'mcps-lock.json'), 'utf8')).toBe(lockBytes);

    // Every install that changed a client configuration was counted (the unchanged re-install was not).
    const counted = expectData(await stack.anonymous.execute(ServerDetailDocument, { name: NAME })).server!;
    expect(counted.installCount).toBe(6);

    // A pin that no longer matches the registry is drift (verify without vet needs only the registry).
    expect((await run(['verify', '--no-vet'], consumer)).code).toBe(0);
    const tampered = JSON.parse(lockBytes);
    tampered.servers[NAME].tools.get_forecast = '0'.repeat(64);
    writeFileSync(join(other, 'mcps-lock.json'), JSON.stringify(tampered));
    const drift = await run(['verify', '--no-vet', '--json'], other);
    expect(drift.code).toBe(1);
    expect(JSON.parse(drift.stdout).servers[NAME].problems).toEqual([
      expect.objectContaining({ code: 'TOOL_CHANGED', message: expect.stringContaining('get_forecast') }),
    ]);

    // Uninstall: every client the lock lists, then the lock entry.
    for (const client of Object.keys(CLIENT_FILES)) {
      const result = await run(
        ['uninstall', NAME, '--client', client, '--config-dir', configDir(client)],
        consumer,
      );
      expect(result.code).toBe(0);
    }
    for (const [client, { file, key }] of Object.entries(CLIENT_FILES)) {
      expect(readJson(join(configDir(client), file))[key]).not.toHaveProperty([NAME]);
    }
    expect(readJson(join(configDir('claude-desktop'), 'claude_desktop_config.json'))).toEqual(before);
    expect(readJson(join(consumer, 'mcps-lock.json'))).toEqual({ lockfileVersion: 1, servers: {} });
  }, 90_000);

  it('audit verify checks the log offline, and proves it only grew on the next run', async () => {
    const state = join(home, 'audit-state.json');
    const first = await eventually(async () => {
      const result = await run(['audit', 'verify', '--state', state]);
      expect(result.code).toBe(0);
      return result;
    }, 15_000);
    expect(first.stdout).toMatch(/^OK .* — tree size [1-9]\d*: \d+ inclusion proofs/);
    // More events, a newer checkpoint, and a consistency proof from the pinned one.
    expect((await run(['status', `${NAME}@1.0.0`, 'active'])).code).toBe(0);
    const firstSize = Number(/tree size (\d+)/.exec(first.stdout)![1]);
    const second = await eventually(async () => {
      const result = await run(['audit', 'verify', '--state', state, '--json']);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.checked.treeSize).toBeGreaterThan(firstSize);
      return report;
    }, 15_000);
    expect(second).toMatchObject({ ok: true, problems: [] });
    expect(second.checked.consistency).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
