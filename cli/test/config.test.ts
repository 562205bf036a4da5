import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseUrl, resolveConfig, userConfigDir, writeStoredConfig, type Io } from '../src/config';
import { Capture, removeDir, tempDir, WELL_FORMED_KEY } from './helpers';

function io(
  env: Record<string, string | undefined>,
  home = '/home/u',
  platform: NodeJS.Platform = 'linux',
): Io {
  return {
    env,
    cwd: home,
    homedir: home,
    platform,
    stdin: process.stdin,
    stdout: new Capture(),
    stderr: new Capture(),
  };
}

describe('configuration', () => {
  it('keeps its files in the user config folder of each OS', () => {
    expect(userConfigDir(io({}))).toBe('/home/u/.config/mcpm');
    expect(userConfigDir(io({ XDG_CONFIG_HOME: '/xdg' }))).toBe('/xdg/mcpm');
    expect(userConfigDir(io({ XDG_CONFIG_HOME: 'relative' }))).toBe('/home/u/.config/mcpm');
    expect(userConfigDir(io({}, '/Users/u', 'darwin'))).toBe('/Users/u/.config/mcpm');
    expect(userConfigDir(io({ APPDATA: 'C:\\AppData' }, 'C:\\u', 'win32'))).toMatch(/^C:\\AppData.mcpm$/);
    expect(userConfigDir(io({ MCPM_CONFIG_DIR: '/elsewhere' }))).toBe('/elsewhere');
  });

  it('takes flags over the environment over what login stored', () => {
    const home = tempDir();
    try {
      const dir = join(home, '.config', 'mcpm');
      writeStoredConfig(dir, { url: 'http://stored:1', apiKey: 'stored-key' });
      const base = io({ XDG_CONFIG_HOME: join(home, '.config') }, home);
      expect(resolveConfig(base, {})).toMatchObject({
        url: 'http://stored:1',
        urlSource: 'config',
        apiKey: 'stored-key',
        apiKeySource: 'config',
      });
      const withEnv = io(
        { XDG_CONFIG_HOME: join(home, '.config'), MCPR_URL: 'http://env:2/', MCPR_API_KEY: WELL_FORMED_KEY },
        home,
      );
      expect(resolveConfig(withEnv, {})).toMatchObject({
        url: 'http://env:2',
        urlSource: 'env',
        apiKey: WELL_FORMED_KEY,
        apiKeySource: 'env',
      });
      expect(
        resolveConfig(withEnv, { url: 'https://flag.example.com/graphql', apiKey: 'flag-key' }),
      ).toMatchObject({
        url: 'https://flag.example.com',
        urlSource: 'flag',
        apiKey: 'flag-key',
        apiKeySource: 'flag',
      });
      expect(resolveConfig(io({}, tempDir()), {})).toMatchObject({
        url: 'http://127.0.0.1:4000',
        urlSource: 'default',
      });
      expect(resolveConfig(io({}, tempDir()), {}).apiKey).toBeUndefined();
      expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({
        url: 'http://stored:1',
        apiKey: 'stored-key',
      });
    } finally {
      removeDir(home);
    }
  });

  it('takes a base URL, even when the GraphQL endpoint is pasted, and refuses what is not http(s)', () => {
    expect(normaliseUrl('http://127.0.0.1:4000/graphql', 'x')).toBe('http://127.0.0.1:4000');
    expect(normaliseUrl(' https://r.example.com/base/ ', 'x')).toBe('https://r.example.com/base');
    expect(() => normaliseUrl('ftp://x', 'MCPR_URL')).toThrow(/MCPR_URL must be an http\(s\) URL/);
    expect(() => normaliseUrl('not a url', '--url')).toThrow(/--url is not a URL/);
  });
});
