import { isStrictSemver, looksLikeVersionRange, RESERVED_SERVER_NAMES } from '../src';
import { accept, minimalManifest, reject, withChange } from './fixtures';

const withName = (name: unknown) => ({ ...minimalManifest(), name });
const withVersion = (version: unknown) => ({ ...minimalManifest(), version });

describe('name', () => {
  it.each([
    'io.github.alice/weather',
    'com.example/a',
    'com.example.api/server_v2.beta-1',
    'A1/B2',
    'io.github.21st-dev/magic-mcp',
  ])('accepts %s', (name) => {
    expect(accept(withName(name)).value.name).toBe(name);
  });

  it('splits the namespace off', () => {
    expect(accept(withName('com.example.api/server')).value.namespace).toBe('com.example.api');
  });

  it.each([
    ['no slash', 'weather'],
    ['two slashes', 'io.github.alice/weather/extra'],
    ['a space', 'io.github.alice/my server'],
    ['an underscore in the namespace', 'io.github_alice/weather'],
    ['an empty namespace', '/weather'],
    ['an empty server name', 'io.github.alice/'],
    ['a non-ASCII letter', 'io.github.alice/wéather'],
  ])('rejects a name with %s', (_label, name) => {
    const { errors } = reject(withName(name));
    expect(errors).toEqual([expect.objectContaining({ severity: 'error', path: ['name'] })]);
  });

  it.each(['-io.github/x', 'io.github./weather', 'io.github/.weather', 'io.github/weather-'])(
    'rejects %s: each part starts and ends with a letter or digit (official)',
    (name) => {
      expect(reject(withName(name)).errors.map((e) => e.path)).toEqual([['name']]);
    },
  );

  it('enforces the official length limits (3..200)', () => {
    expect(reject(withName('a/')).errors[0]?.path).toEqual(['name']);
    expect(accept(withName('a/b')).value.name).toBe('a/b');
    const long = `com.example/${'x'.repeat(200 - 'com.example/'.length)}`;
    expect(accept(withName(long)).value.name).toHaveLength(200);
    expect(reject(withName(`${long}x`)).errors).toEqual([
      expect.objectContaining({ path: ['name'], message: 'name must be 3 to 200 characters long' }),
    ]);
  });

  it('lists the reserved server names', () => {
    expect(RESERVED_SERVER_NAMES).toEqual(['system', 'admin', 'root', 'bin', 'sbin']);
  });

  it.each(['system', 'admin', 'root', 'bin', 'sbin', 'ADMIN', 'Root', 'sBin'])(
    'rejects the reserved server name %s (case-insensitive)',
    (serverName) => {
      const { errors } = reject(withName(`io.github.alice/${serverName}`));
      expect(errors).toEqual([
        expect.objectContaining({
          severity: 'error',
          path: ['name'],
          message: `name: "${serverName}" is a reserved server name`,
        }),
      ]);
    },
  );

  it('allows reserved words in the namespace or as part of a server name', () => {
    accept(withName('io.github.admin/root-tools'));
    accept(withName('com.system/binary'));
  });
});

describe('version', () => {
  it.each([
    ['1.0.0', true],
    ['2.1.0-alpha.1', true],
    ['1.0.0+build.5', true],
    ['0.0.1-seed', true],
    ['v1.0.0', false],
    ['1.0', false],
    ['2024.01.15', false],
    ['2024-01-15', false],
    ['1.0.0.4', false],
    ['nightly-7f3a', false],
  ])('accepts %s (isSemver %s)', (version, semver) => {
    const { value } = accept(withVersion(version));
    expect(value.version).toBe(version);
    expect(value.isSemver).toBe(semver);
  });

  it.each(['latest', 'LATEST', 'Latest'])('rejects the reserved version %s', (version) => {
    expect(reject(withVersion(version)).errors).toEqual([
      expect.objectContaining({ severity: 'error', path: ['version'] }),
    ]);
  });

  it.each([
    '^1.0',
    '^1.2.3',
    '~1',
    '~1.2.3',
    '>=1',
    '>=1.0.0',
    '<=2.0.0',
    '>1.0.0',
    '<2',
    '=1.0.0',
    '>=1.0.0 <2.0.0',
    '1.x',
    '1.2.x',
    '1.X',
    '1.2.*',
    '*',
    'x',
    '1.0 - 2.0',
    '1.2.3 - 2.3.4',
    '1.2 || 1.3',
    '^1 || ^2',
  ])('rejects the range %s', (version) => {
    const { errors } = reject(withVersion(version));
    expect(errors).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['version'],
        message: expect.stringMatching(/not a range/),
      }),
    ]);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['padded', ' 1.0.0'],
    ['too long', `1.0.0-${'a'.repeat(250)}`],
  ])('rejects a %s version', (_label, version) => {
    expect(reject(withVersion(version)).errors.map((e) => e.path)).toEqual([['version']]);
  });

  it('rejects a version that is not a string', () => {
    expect(reject(withVersion(1)).errors).toEqual([
      expect.objectContaining({ path: ['version'], message: 'version must be a string' }),
    ]);
  });

  it('applies the same rules to package versions', () => {
    expect(reject(withChange(['packages', 0, 'version'], 'latest')).errors.map((e) => e.path)).toEqual([
      ['packages', '0', 'version'],
    ]);
    expect(reject(withChange(['packages', 0, 'version'], '^1.2.3')).errors.map((e) => e.path)).toEqual([
      ['packages', '0', 'version'],
    ]);
    expect(reject(withChange(['packages', 0, 'version'], '')).errors.map((e) => e.path)).toEqual([
      ['packages', '0', 'version'],
    ]);
  });

  it('has range and SemVer predicates', () => {
    expect(looksLikeVersionRange('1.2.3')).toBe(false);
    expect(looksLikeVersionRange('1.2.3-beta')).toBe(false);
    expect(looksLikeVersionRange('1.2.3-x')).toBe(false);
    expect(looksLikeVersionRange('~1.2')).toBe(true);
    expect(isStrictSemver('1.2.3')).toBe(true);
    expect(isStrictSemver('=1.2.3')).toBe(false);
    expect(isStrictSemver('1.2.3 ')).toBe(false);
    expect(isStrictSemver('01.2.3')).toBe(false);
  });
});

describe('description and title', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', ' \t\n '],
  ])('rejects an %s description at [description]', (_label, description) => {
    expect(reject({ ...minimalManifest(), description }).errors).toEqual([
      {
        severity: 'error',
        code: 'BAD_USER_INPUT',
        message: 'description must not be empty',
        path: ['description'],
      },
    ]);
  });

  it('rejects a missing description', () => {
    const manifest: Record<string, unknown> = minimalManifest();
    delete manifest.description;
    expect(reject(manifest).errors.map((e) => e.path)).toEqual([['description']]);
  });

  it('only warns about a description over 100 characters', () => {
    const { warnings } = accept({ ...minimalManifest(), description: 'd'.repeat(101) });
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', path: ['description'] })]);
  });

  it('counts characters, not UTF-16 units', () => {
    const { warnings } = accept({ ...minimalManifest(), description: '🌦'.repeat(100) });
    expect(warnings).toEqual([]);
  });

  it('only warns about a title over 100 characters', () => {
    const { warnings, value } = accept({ ...minimalManifest(), title: 't'.repeat(150) });
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', path: ['title'] })]);
    expect(value.title).toHaveLength(150);
  });

  it.each(['', '   '])('rejects the blank title %j', (title) => {
    expect(reject({ ...minimalManifest(), title }).errors.map((e) => e.path)).toEqual([['title']]);
  });
});
