import { launchFor } from '../src/launch';
import { sampleManifest } from './helpers';

describe('how a client starts a server', () => {
  it('npm → npx -y <identifier>@<version>, with required variables reported', () => {
    const { launch, warnings } = launchFor(sampleManifest());
    expect(launch).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', '@acme/weather-mcp@1.0.0'],
      env: { WEATHER_API_KEY: '' },
      source: 'npm @acme/weather-mcp@1.0.0',
    });
    expect(warnings).toEqual([
      expect.stringContaining('WEATHER_API_KEY is required (a secret): pass --env WEATHER_API_KEY='),
    ]);
    expect(launchFor(sampleManifest(), { values: { WEATHER_API_KEY: 'k' } })).toMatchObject({
      launch: { env: { WEATHER_API_KEY: 'k' } },
      warnings: [],
    });
  });

  it('pypi → uvx <identifier>==<version>; oci → docker run -i --rm <image>:<version>, passing variables in', () => {
    const pypi = {
      name: 'a/b',
      packages: [
        { registryType: 'pypi', identifier: 'weather-mcp', version: '0.3.1', transport: { type: 'stdio' } },
      ],
    };
    expect(launchFor(pypi).launch).toMatchObject({ command: 'uvx', args: ['weather-mcp==0.3.1'] });
    const oci = {
      packages: [
        {
          registryType: 'oci',
          identifier: 'ghcr.io/acme/weather',
          version: '2.0.0',
          transport: { type: 'stdio' },
          environmentVariables: [{ name: 'TOKEN', value: 'x' }],
          packageArguments: [
            { type: 'named', name: '--port', value: '8080' },
            { type: 'positional', value: 'serve' },
          ],
        },
      ],
    };
    expect(launchFor(oci).launch).toMatchObject({
      command: 'docker',
      args: ['run', '-i', '--rm', '-e', 'TOKEN', 'ghcr.io/acme/weather:2.0.0', '--port', '8080', 'serve'],
      env: { TOKEN: 'x' },
    });
    const tagged = {
      packages: [
        { registryType: 'oci', identifier: 'ghcr.io/acme/weather:1.0.0', transport: { type: 'stdio' } },
      ],
    };
    expect(launchFor(tagged).launch).toMatchObject({
      args: ['run', '-i', '--rm', 'ghcr.io/acme/weather:1.0.0'],
    });
  });

  it('uses a remote when no package runs over stdio, or when asked to', () => {
    const remoteOnly = {
      remotes: [
        {
          type: 'sse',
          url: 'https://x.example.com/sse',
          headers: [{ name: 'Authorization', isRequired: true }],
        },
      ],
    };
    const { launch, warnings } = launchFor(remoteOnly, { values: {} });
    expect(launch).toMatchObject({
      kind: 'remote',
      transport: 'sse',
      url: 'https://x.example.com/sse',
      headers: { Authorization: '' },
    });
    expect(warnings[0]).toMatch(/header Authorization is required/);
    expect(launchFor(sampleManifest(), { preferRemote: true }).launch).toMatchObject({
      kind: 'remote',
      url: 'https://weather.acme.example.com/mcp',
    });
  });

  it('says what it cannot install', () => {
    const nuget = { packages: [{ registryType: 'nuget', identifier: 'X', transport: { type: 'stdio' } }] };
    expect(() => launchFor(nuget)).toThrow(/nothing mcpm can install: packages nuget \(stdio\), 0 remotes/);
  });
});
