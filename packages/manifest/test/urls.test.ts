import { accept, minimalManifest, reject, withChange } from './fixtures';

/** The single error of a rejected manifest, or a failure listing them all. */
function onlyError(manifest: unknown) {
  const { errors } = reject(manifest);
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('websiteUrl', () => {
  it.each([
    'http://alice.example.com',
    'ftp://alice.example.com',
    '/docs',
    'alice.example.com',
    'https://',
    'https:alice.example.com',
    'https://alice example.com',
  ])('rejects %s', (url) => {
    expect(onlyError(withChange(['websiteUrl'], url))).toMatchObject({
      severity: 'error',
      path: ['websiteUrl'],
      message: 'websiteUrl must be an absolute https URL',
    });
  });

  it('accepts an https URL and returns it', () => {
    expect(accept(withChange(['websiteUrl'], 'https://docs.example.com/x?y=1#z')).value.websiteUrl).toBe(
      'https://docs.example.com/x?y=1#z',
    );
  });
});

describe('repository', () => {
  it('rejects an http GitHub URL', () => {
    expect(onlyError(withChange(['repository', 'url'], 'http://github.com/alice/weather'))).toMatchObject({
      path: ['repository', 'url'],
    });
  });

  it('rejects a URL on another host than its source', () => {
    expect(onlyError(withChange(['repository', 'url'], 'https://gitlab.com/alice/weather'))).toMatchObject({
      path: ['repository', 'url'],
    });
  });

  it('accepts GitLab repositories in subgroups', () => {
    const manifest = withChange(['repository'], {
      url: 'https://gitlab.com/group/sub/repo',
      source: 'gitlab',
    });
    accept(manifest);
  });

  it('rejects an unsupported source (official: github or gitlab)', () => {
    const manifest = withChange(['repository'], {
      url: 'https://bitbucket.org/alice/weather',
      source: 'bitbucket',
    });
    expect(onlyError(manifest)).toMatchObject({ path: ['repository', 'source'] });
  });

  it('accepts an empty repository (url and source both empty), as the official registry does', () => {
    accept(withChange(['repository'], { url: '', source: '' }));
  });

  it('requires url and source', () => {
    expect(
      reject(withChange(['repository'], { url: 'https://github.com/alice/weather' })).errors.map(
        (e) => e.path,
      ),
    ).toEqual([['repository', 'source']]);
  });

  it.each(['/abs', 'trailing/', 'a/../b', 'a//b', './a', 'a b'])('rejects the subfolder %j', (subfolder) => {
    expect(onlyError(withChange(['repository', 'subfolder'], subfolder))).toMatchObject({
      path: ['repository', 'subfolder'],
    });
  });
});

describe('icons', () => {
  it.each(['http://alice.example.com/icon.png', 'data:image/png;base64,AAAA', 'icon.png'])(
    'rejects the src %s',
    (src) => {
      expect(onlyError(withChange(['icons', 0, 'src'], src))).toMatchObject({ path: ['icons', '0', 'src'] });
    },
  );

  it('rejects a src over 255 characters', () => {
    const src = `https://alice.example.com/${'i'.repeat(240)}.png`;
    expect(onlyError(withChange(['icons', 0, 'src'], src))).toMatchObject({ path: ['icons', '0', 'src'] });
  });

  it('checks the other icon fields with the official schema', () => {
    const { errors } = reject(
      withChange(['icons', 0], {
        src: 'https://a.example.com/i.svg',
        mimeType: 'image/gif',
        sizes: ['big'],
        theme: 'blue',
      }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      ['icons', '0', 'mimeType'],
      ['icons', '0', 'sizes', '0'],
      ['icons', '0', 'theme'],
    ]);
  });
});

describe('remotes', () => {
  it.each([
    ['http', 'http://weather.example.com/sse', /must use https/],
    ['localhost', 'https://localhost/sse', /public host/],
    ['a localhost subdomain', 'https://api.localhost:8443/sse', /public host/],
    ['loopback', 'https://127.0.0.1/sse', /public host/],
    ['loopback in hex', 'https://0x7f.1/sse', /public host/],
    ['IPv6 loopback', 'https://[::1]/sse', /public host/],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/sse', /public host/],
    ['a private address', 'https://10.1.2.3/sse', /public host/],
    ['a private 172.16/12 address', 'https://172.20.0.1/sse', /public host/],
    ['a private 192.168/16 address', 'https://192.168.1.10/sse', /public host/],
    ['link-local', 'https://169.254.169.254/sse', /public host/],
    ['carrier-grade NAT', 'https://100.64.0.1/sse', /public host/],
    ['unspecified', 'https://0.0.0.0/sse', /public host/],
    ['IPv6 unique local', 'https://[fd00::1]/sse', /public host/],
    ['IPv6 link-local', 'https://[fe80::1]/sse', /public host/],
    ['not a URL', 'weather.example.com/sse', /absolute https URL/],
    ['whitespace', 'https://weather.example.com/s se', /absolute https URL/],
  ])('rejects %s', (_label, url, message) => {
    const { errors } = reject(withChange(['remotes', 1, 'url'], url));
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors)
      expect(error).toMatchObject({ severity: 'error', path: ['remotes', '1', 'url'] });
    expect(errors.map((e) => e.message).join('\n')).toMatch(message);
  });

  it.each([
    'https://8.8.8.8/sse',
    'https://[2001:4860:4860::8888]/sse',
    'https://mcp.example.com:8443/v1/sse',
  ])('accepts the public URL %s', (url) => {
    accept(withChange(['remotes', 1, 'url'], url));
  });

  it('requires a url', () => {
    expect(onlyError(withChange(['remotes', 1], { type: 'sse' }))).toMatchObject({
      path: ['remotes', '1', 'url'],
      message: 'remotes[1].url is required',
    });
  });

  it.each(['stdio', 'http', 'websocket'])('rejects the remote type %s', (type) => {
    expect(onlyError(withChange(['remotes', 1, 'type'], type))).toMatchObject({
      path: ['remotes', '1', 'type'],
    });
  });

  it('requires template variables to be declared in variables', () => {
    expect(onlyError(withChange(['remotes', 0, 'variables'], undefined))).toMatchObject({
      path: ['remotes', '0', 'url'],
      message: expect.stringContaining('{tenant}'),
    });
  });

  it('checks the remote variables with the official Input schema', () => {
    expect(onlyError(withChange(['remotes', 0, 'variables', 'tenant', 'isRequired'], 'yes'))).toMatchObject({
      path: ['remotes', '0', 'variables', 'tenant', 'isRequired'],
    });
  });
});

describe('package transport', () => {
  it('accepts an http URL on localhost with a port placeholder naming an argument valueHint', () => {
    accept(withChange(['packages', 1, 'transport', 'url'], 'http://localhost:{port}/mcp'));
    accept(withChange(['packages', 1, 'transport', 'url'], 'http://127.0.0.1:{port}/mcp'));
  });

  it('accepts an https URL', () => {
    accept(withChange(['packages', 1, 'transport', 'url'], 'https://mcp.example.com/mcp'));
  });

  it('rejects plain http to a non-local host', () => {
    expect(
      onlyError(withChange(['packages', 1, 'transport', 'url'], 'http://mcp.example.com/mcp')),
    ).toMatchObject({
      path: ['packages', '1', 'transport', 'url'],
      message: 'packages[1].transport.url must use https (plain http is allowed only for localhost)',
    });
  });

  it('rejects a placeholder that names nothing in the package', () => {
    expect(
      onlyError(withChange(['packages', 1, 'transport', 'url'], 'http://localhost:{nope}/mcp')),
    ).toMatchObject({
      path: ['packages', '1', 'transport', 'url'],
      message: expect.stringContaining('{nope}'),
    });
  });

  it('requires a url for streamable-http and sse', () => {
    expect(onlyError(withChange(['packages', 1, 'transport'], { type: 'sse' }))).toMatchObject({
      path: ['packages', '1', 'transport', 'url'],
      message: 'packages[1].transport.url is required for the sse transport',
    });
  });

  it('rejects a url on a stdio transport (official)', () => {
    expect(onlyError(withChange(['packages', 0, 'transport', 'url'], 'https://x.example.com'))).toMatchObject(
      {
        path: ['packages', '0', 'transport', 'url'],
      },
    );
  });

  it('rejects an unknown transport type', () => {
    expect(onlyError(withChange(['packages', 0, 'transport', 'type'], 'http'))).toMatchObject({
      path: ['packages', '0', 'transport', 'type'],
      message: 'packages[0].transport.type must be one of: stdio, streamable-http, sse',
    });
  });

  it('rejects a registryBaseUrl that is not https', () => {
    expect(
      onlyError(withChange(['packages', 0, 'registryBaseUrl'], 'http://registry.npmjs.org')),
    ).toMatchObject({
      path: ['packages', '0', 'registryBaseUrl'],
    });
  });
});

describe('https everywhere, in one manifest', () => {
  it('reports each insecure URL at its path', () => {
    const manifest = {
      ...minimalManifest(),
      websiteUrl: 'http://a.example.com',
      repository: { url: 'http://github.com/a/b', source: 'github' },
      icons: [{ src: 'http://a.example.com/i.png' }],
      packages: [
        {
          registryType: 'npm',
          identifier: 'a',
          version: '1.0.0',
          transport: { type: 'sse', url: 'http://a.example.com/sse' },
        },
      ],
      remotes: [{ type: 'sse', url: 'http://a.example.com/sse' }],
    };
    expect(reject(manifest).errors.map((e) => e.path)).toEqual([
      ['websiteUrl'],
      ['repository', 'url'],
      ['icons', '0', 'src'],
      ['packages', '0', 'transport', 'url'],
      ['remotes', '0', 'url'],
    ]);
  });
});
