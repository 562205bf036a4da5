import { LIMITS, REGISTRY_TYPES } from '../src';
import { accept, minimalManifest, reject, validManifest, withChange } from './fixtures';

const npm = (extra: Record<string, unknown> = {}) => ({
  registryType: 'npm',
  identifier: '@alice/weather-mcp',
  version: '1.0.0',
  transport: { type: 'stdio' },
  ...extra,
});

describe('packages', () => {
  it('supports the official registry types', () => {
    expect(REGISTRY_TYPES).toEqual(['npm', 'pypi', 'oci', 'nuget', 'mcpb']);
    const manifest = {
      ...minimalManifest(),
      packages: [
        npm(),
        { registryType: 'pypi', identifier: 'weather-mcp', version: '1.0.0', transport: { type: 'stdio' } },
        { registryType: 'oci', identifier: 'docker.io/alice/weather:1.0.0', transport: { type: 'stdio' } },
        {
          registryType: 'nuget',
          identifier: 'Alice.Weather',
          version: '1.0.0',
          transport: { type: 'stdio' },
        },
        {
          registryType: 'mcpb',
          identifier: 'https://github.com/alice/weather/releases/download/v1.0.0/weather.mcpb',
          fileSha256: 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce',
          transport: { type: 'stdio' },
        },
      ],
    };
    expect(accept(manifest).warnings).toEqual([]);
  });

  it.each(['cargo', 'NPM', 'docker', ''])('rejects the registry type %j', (registryType) => {
    const { errors } = reject(withChange(['packages', 0, 'registryType'], registryType));
    expect(errors).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['packages', '0', 'registryType'],
        message: 'packages[0].registryType must be one of: npm, pypi, oci, nuget, mcpb',
      }),
    ]);
  });

  it.each(['registryType', 'identifier', 'transport'])('requires %s', (field) => {
    expect(reject(withChange(['packages', 0, field], undefined)).errors).toEqual([
      expect.objectContaining({
        path: ['packages', '0', field],
        message: `packages[0].${field} is required`,
      }),
    ]);
  });

  it('requires transport.type', () => {
    expect(reject(withChange(['packages', 0, 'transport'], {})).errors.map((e) => e.path)).toEqual([
      ['packages', '0', 'transport', 'type'],
    ]);
  });

  it.each([
    ['empty', ''],
    ['with spaces', '@alice/weather mcp'],
  ])('rejects an identifier that is %s', (_label, identifier) => {
    expect(reject(withChange(['packages', 0, 'identifier'], identifier)).errors.map((e) => e.path)).toEqual([
      ['packages', '0', 'identifier'],
    ]);
  });

  it('requires an https download URL for an MCPB package', () => {
    const manifest = {
      ...minimalManifest(),
      packages: [
        {
          registryType: 'mcpb',
          identifier: 'http://github.com/alice/weather/releases/download/v1/weather.mcpb',
          fileSha256: 'fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce',
          transport: { type: 'stdio' },
        },
      ],
    };
    expect(reject(manifest).errors.map((e) => e.path)).toEqual([['packages', '0', 'identifier']]);
  });

  it('warns when an MCPB package has no fileSha256, or an npm/pypi/nuget package no version', () => {
    const manifest = {
      ...minimalManifest(),
      packages: [
        {
          registryType: 'mcpb',
          identifier: 'https://example.com/weather.mcpb',
          transport: { type: 'stdio' },
        },
        { registryType: 'pypi', identifier: 'weather-mcp', transport: { type: 'stdio' } },
      ],
    };
    expect(accept(manifest).warnings).toEqual([
      expect.objectContaining({ severity: 'warning', path: ['packages', '0', 'fileSha256'] }),
      expect.objectContaining({ severity: 'warning', path: ['packages', '1', 'version'] }),
    ]);
  });

  it('checks fileSha256 with the official pattern', () => {
    expect(reject(withChange(['packages', 0, 'fileSha256'], 'ABC')).errors).toEqual([
      expect.objectContaining({ path: ['packages', '0', 'fileSha256'] }),
    ]);
  });

  it(`allows at most ${LIMITS.packages} packages`, () => {
    const manifest = {
      ...minimalManifest(),
      packages: Array.from({ length: LIMITS.packages + 1 }, () => npm()),
    };
    expect(reject(manifest).errors).toEqual([expect.objectContaining({ path: ['packages'] })]);
    accept({ ...minimalManifest(), packages: Array.from({ length: LIMITS.packages }, () => npm()) });
  });

  it('rejects a package that is not an object', () => {
    expect(reject({ ...minimalManifest(), packages: ['npm:weather'] }).errors).toEqual([
      expect.objectContaining({ path: ['packages', '0'], message: 'packages[0] must be an object' }),
    ]);
  });
});

describe('package arguments (official rules)', () => {
  const withArgs = (args: unknown[]) => ({
    ...minimalManifest(),
    packages: [npm({ packageArguments: args })],
  });
  const argPath = (i: number, ...rest: string[]) => ['packages', '0', 'packageArguments', String(i), ...rest];

  it('accepts positional and named arguments', () => {
    accept(
      withArgs([
        { type: 'positional', valueHint: 'directory' },
        { type: 'positional', value: '/tmp' },
        { type: 'named', name: '--port', value: '8080', isRepeated: false },
        { type: 'named', name: '-v' },
      ]),
    );
  });

  it('requires a value or valueHint on a positional argument', () => {
    expect(reject(withArgs([{ type: 'positional', description: 'a dir' }])).errors).toEqual([
      expect.objectContaining({ path: argPath(0), message: expect.stringMatching(/value or a valueHint/) }),
    ]);
  });

  it('requires a name on a named argument', () => {
    expect(reject(withArgs([{ type: 'named', value: 'x' }])).errors.map((e) => e.path)).toEqual([
      argPath(0, 'name'),
    ]);
    expect(reject(withArgs([{ type: 'named', name: '' }])).errors.map((e) => e.path)).toEqual([
      argPath(0, 'name'),
    ]);
  });

  it.each(['--directory <path>', '--port 8080', '$HOME', '--a>b'])('rejects the flag name %j', (name) => {
    expect(reject(withArgs([{ type: 'named', name }])).errors.map((e) => e.path)).toEqual([
      argPath(0, 'name'),
    ]);
  });

  it('rejects a value or default that repeats the flag', () => {
    const { errors } = reject(
      withArgs([{ type: 'named', name: '--port', value: '--port=1', default: '--port 2' }]),
    );
    expect(errors.map((e) => e.path)).toEqual([argPath(0, 'value'), argPath(0, 'default')]);
  });

  it('rejects an unknown argument type', () => {
    expect(reject(withArgs([{ type: 'flag', name: '--x' }])).errors).toEqual([
      expect.objectContaining({
        path: argPath(0, 'type'),
        message: 'packages[0].packageArguments[0].type must be one of: "positional", "named"',
      }),
    ]);
  });

  it('checks runtimeArguments the same way', () => {
    const manifest = validManifest();
    const pkgs = manifest.packages as Record<string, unknown>[];
    (pkgs[1] as Record<string, unknown>).runtimeArguments = [
      { type: 'named', name: '--port <n>', valueHint: 'port' },
    ];
    expect(reject(manifest).errors.map((e) => e.path)).toEqual([
      ['packages', '1', 'runtimeArguments', '0', 'name'],
    ]);
  });

  it('checks environment variables with the official schema', () => {
    expect(
      reject(withChange(['packages', 0, 'environmentVariables'], [{ description: 'no name' }])).errors.map(
        (e) => e.path,
      ),
    ).toEqual([['packages', '0', 'environmentVariables', '0', 'name']]);
  });
});
