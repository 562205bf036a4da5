import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENTS, clientById, configPath, removeServerEntry, writeServerEntry } from '../src/clients';
import { stripJsonc } from '../src/clients/config-file';
import type { Launch } from '../src/launch';
import { removeDir, tempDir } from './helpers';

const NAME = 'io.github.acme/weather';
const stdio: Launch = {
  kind: 'stdio',
  command: 'npx',
  args: ['-y', '@acme/weather-mcp@1.0.0'],
  env: { WEATHER_API_KEY: 'k' },
  source: 'npm @acme/weather-mcp@1.0.0',
};
const remote: Launch = {
  kind: 'remote',
  transport: 'streamable-http',
  url: 'https://weather.acme.example.com/mcp',
  headers: {},
  source: 'remote',
};

describe('client configuration writers', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  const read = (path: string) =>
    JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;

  it.each([
    [
      'claude-desktop',
      'claude_desktop_config.json',
      'mcpServers',
      { command: 'npx', args: stdio.args, env: stdio.env },
    ],
    ['vscode', 'mcp.json', 'servers', { type: 'stdio', command: 'npx', args: stdio.args, env: stdio.env }],
    ['cursor', 'mcp.json', 'mcpServers', { command: 'npx', args: stdio.args, env: stdio.env }],
  ])('%s: writes %s with the entry under %s, keyed by the full name', (id, file, key, entry) => {
    const client = clientById(id);
    const path = configPath(client, { cwd: dir, env: {}, homedir: dir, platform: 'linux' }, dir);
    expect(path).toBe(join(dir, file));
    const change = writeServerEntry(client, path, NAME, stdio);
    expect(change).toMatchObject({ changed: true, droppedComments: false });
    expect(change.backup).toBeUndefined();
    expect(read(path)[key]).toEqual({ [NAME]: entry });
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it.each([
    [
      'claude-desktop',
      { command: 'npx', args: ['-y', 'mcp-remote', remote.kind === 'remote' ? remote.url : ''], env: {} },
    ],
    ['vscode', { type: 'http', url: 'https://weather.acme.example.com/mcp' }],
    ['cursor', { url: 'https://weather.acme.example.com/mcp' }],
  ])('%s: remote servers get the right shape', (id, entry) => {
    expect(clientById(id).entry(remote)).toEqual(entry);
  });

  it.each(CLIENTS.map((client) => [client.id]))(
    '%s: merges with what is there and backs the file up first',
    (id) => {
      const client = clientById(id);
      const path = join(dir, client.file);
      const before = { theme: 'dark', [client.serversKey]: { 'other/server': { command: 'other' } } };
      writeFileSync(path, JSON.stringify(before));
      chmodSync(path, 0o600);
      const change = writeServerEntry(client, path, NAME, stdio);
      expect(change.backup).toBe(`${path}.bak`);
      expect(JSON.parse(readFileSync(`${path}.bak`, 'utf8'))).toEqual(before);
      const after = read(path);
      expect(after.theme).toBe('dark');
      expect(Object.keys(after[client.serversKey]!).sort()).toEqual([NAME, 'other/server']);
      expect(statSync(path).mode & 0o777).toBe(0o600);

      // Writing the same entry again changes nothing (and makes no new backup).
      expect(writeServerEntry(client, path, NAME, stdio).changed).toBe(false);

      const removal = removeServerEntry(client, path, NAME);
      expect(removal).toMatchObject({ changed: true, backup: `${path}.bak` });
      expect(read(path)).toEqual(before);
      expect(removeServerEntry(client, path, NAME).changed).toBe(false);
    },
  );

  it('reads VS Code JSONC (comments, trailing commas) and says the comments were not kept', () => {
    const client = clientById('vscode');
    const path = join(dir, 'mcp.json');
    writeFileSync(
      path,
      '{\n  // my servers\n  "servers": { "a/b": { "url": "https://x//y" }, },\n  /* block */ "inputs": [],\n}\n',
    );
    const change = writeServerEntry(client, path, NAME, stdio);
    expect(change.droppedComments).toBe(true);
    expect(read(path).servers!['a/b']).toEqual({ url: 'https://x//y' });
    expect(readFileSync(`${path}.bak`, 'utf8')).toContain('// my servers');
  });

  it('leaves a file it cannot read untouched', () => {
    const client = clientById('cursor');
    const path = join(dir, 'mcp.json');
    writeFileSync(path, '{ not json');
    expect(() => writeServerEntry(client, path, NAME, stdio)).toThrow(
      /is not valid JSON .*; mcpm did not change it/,
    );
    expect(readFileSync(path, 'utf8')).toBe('{ not json');
    expect(existsSync(`${path}.bak`)).toBe(false);
    writeFileSync(path, '{ "mcpServers": [] }');
    expect(() => writeServerEntry(client, path, NAME, stdio)).toThrow(/"mcpServers" is not an object/);
  });

  it('creates missing folders', () => {
    const path = join(dir, 'deep', 'er', 'claude_desktop_config.json');
    writeServerEntry(clientById('claude-desktop'), path, NAME, stdio);
    expect(existsSync(path)).toBe(true);
  });

  it('knows the default folders per OS', () => {
    const home = '/home/u';
    const io = (platform: NodeJS.Platform, env: Record<string, string> = {}) => ({
      cwd: dir,
      env,
      homedir: home,
      platform,
    });
    expect(configPath(clientById('claude-desktop'), io('darwin'))).toBe(
      '/home/u/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(configPath(clientById('claude-desktop'), io('linux'))).toBe(
      '/home/u/.config/Claude/claude_desktop_config.json',
    );
    expect(configPath(clientById('vscode'), io('linux', { XDG_CONFIG_HOME: '/x' }))).toBe(
      '/x/Code/User/mcp.json',
    );
    expect(configPath(clientById('vscode'), io('darwin'))).toBe(
      '/home/u/Library/Application Support/Code/User/mcp.json',
    );
    expect(configPath(clientById('cursor'), io('linux'))).toBe('/home/u/.cursor/mcp.json');
    mkdirSync(join(dir, '.vscode'));
    expect(configPath(clientById('vscode'), io('linux'), '.vscode')).toBe(join(dir, '.vscode', 'mcp.json'));
    expect(() => clientById('emacs')).toThrow(/unknown client "emacs"/);
  });

  it('strips JSONC without touching strings', () => {
    expect(JSON.parse(stripJsonc('{"a": "// not a comment", "b": [1,2,], /* c */ }').json)).toEqual({
      a: '// not a comment',
      b: [1, 2],
    });
  });
});
