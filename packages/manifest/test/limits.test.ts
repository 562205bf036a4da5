import { LIMITS, PUBLISHER_META_KEY } from '../src';
import { fillTemplates, isLoopbackHost, isNonPublicHost, templateVariables } from '../src/rules/urls';
import { accept, EXT, minimalManifest, reject } from './fixtures';

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const stdio = (extra: Record<string, unknown>) => ({
  registryType: 'npm',
  identifier: 'weather',
  version: '1.0.0',
  transport: { type: 'stdio' },
  ...extra,
});

describe('count limits', () => {
  it.each([
    [
      'remotes',
      (n: number) => ({ remotes: times(n, (i) => ({ type: 'sse', url: `https://r${i}.example.com/sse` })) }),
      LIMITS.remotes,
      ['remotes'],
    ],
    [
      'icons',
      (n: number) => ({ icons: times(n, () => ({ src: 'https://a.example.com/i.png' })) }),
      LIMITS.icons,
      ['icons'],
    ],
    [
      'packageArguments',
      (n: number) => ({
        packages: [stdio({ packageArguments: times(n, () => ({ type: 'positional', value: 'x' })) })],
      }),
      LIMITS.argumentsPerList,
      ['packages', '0', 'packageArguments'],
    ],
    [
      'environmentVariables',
      (n: number) => ({ packages: [stdio({ environmentVariables: times(n, (i) => ({ name: `V${i}` })) })] }),
      LIMITS.environmentVariables,
      ['packages', '0', 'environmentVariables'],
    ],
    [
      'permissions',
      (n: number) => ({
        _meta: { [PUBLISHER_META_KEY]: { permissions: times(n, () => ({ kind: 'NETWORK' })) } },
      }),
      LIMITS.permissions,
      [...EXT, 'permissions'],
    ],
    [
      'patterns',
      (n: number) => ({
        _meta: {
          [PUBLISHER_META_KEY]: { permissions: [{ kind: 'NETWORK', patterns: times(n, (i) => `h${i}`) }] },
        },
      }),
      LIMITS.patternsPerPermission,
      [...EXT, 'permissions', '0', 'patterns'],
    ],
    [
      'capabilities',
      (n: number) => ({ _meta: { [PUBLISHER_META_KEY]: { capabilities: times(n, (i) => `c${i}`) } } }),
      LIMITS.capabilities,
      [...EXT, 'capabilities'],
    ],
  ])('%s: the limit passes, one more is an error at the list', (_label, build, limit, path) => {
    accept({ ...minimalManifest(), ...build(limit) });
    expect(reject({ ...minimalManifest(), ...build(limit + 1) }).errors).toEqual([
      expect.objectContaining({ severity: 'error', path }),
    ]);
  });

  it('limits the length of a permission pattern', () => {
    const manifest = {
      ...minimalManifest(),
      _meta: {
        [PUBLISHER_META_KEY]: {
          permissions: [{ kind: 'FILE_READ', patterns: ['p'.repeat(LIMITS.permissionPatternMaxChars + 1)] }],
        },
      },
    };
    expect(reject(manifest).errors.map((e) => e.path)).toEqual([
      [...EXT, 'permissions', '0', 'patterns', '0'],
    ]);
  });

  it('limits the length of a tool title', () => {
    const tool = {
      name: 't',
      description: '',
      inputSchema: {},
      title: 't'.repeat(LIMITS.toolTitleMaxChars + 1),
    };
    const manifest = { ...minimalManifest(), _meta: { [PUBLISHER_META_KEY]: { tools: [tool] } } };
    expect(reject(manifest).errors.map((e) => e.path)).toEqual([[...EXT, 'tools', '0', 'title']]);
  });
});

describe('URL helpers', () => {
  it('finds and fills template placeholders', () => {
    expect(templateVariables('https://{host}:{port}/{path}/x')).toEqual(['host', 'port', 'path']);
    expect(fillTemplates('http://localhost:{port}/mcp')).toBe('http://localhost:8080/mcp');
    expect(fillTemplates('https://{tenant}.example.com:{port}')).toBe('https://placeholder.example.com:8080');
  });

  it.each([
    ['localhost', true, true],
    ['LOCALHOST.', true, true],
    ['a.localhost', true, true],
    ['127.0.0.1', true, true],
    ['127.255.0.9', true, true],
    ['[::1]', true, true],
    ['::ffff:127.0.0.1', true, true],
    ['[::ffff:7f00:1]', true, true],
    ['10.0.0.1', false, true],
    ['[::ffff:10.0.0.1]', false, true],
    ['::', false, true],
    ['0.0.0.0', false, true],
    ['224.0.0.1', false, true],
    ['255.255.255.255', false, true],
    ['[ff02::1]', false, true],
    ['example.com', false, false],
    ['8.8.8.8', false, false],
    ['172.32.0.1', false, false],
    ['[2001:db8::1]', false, false],
    ['[2001:db8:0:0:0:0:0:1]', false, false],
    ['1:2:3:4:5:6:7:8:9', false, false],
    ['[::g]', false, false],
  ])('%s: loopback %s, non-public %s', (host, loopback, nonPublic) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    expect(isNonPublicHost(host)).toBe(nonPublic);
  });
});
