import { statSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fakeRegistry, mcpm, removeDir, sampleManifest, tempDir, WELL_FORMED_KEY } from './helpers';

const VIEWER = {
  keyId: 'k1',
  handle: 'acme',
  scopes: ['SERVERS_PUBLISH'],
  namespaces: ['io.github.acme/*'],
  expiresAt: null,
};

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('exit codes and error messages', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  it('2 for usage mistakes', async () => {
    expect((await mcpm([], { cwd: dir })).code).toBe(2);
    const unknown = await mcpm(['instal'], { cwd: dir });
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toMatch(/unknown command "instal".*did you mean install/s);
    const option = await mcpm(['search', 'x', '--colour'], { cwd: dir });
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--colour'/);
    expect(option.stderr).toMatch(/usage: mcpm search/);
    expect((await mcpm(['vet'], { cwd: dir })).code).toBe(2);
    expect((await mcpm(['vet', 'not-a-name'], { cwd: dir })).stderr).toMatch(/is not a server name/);
    expect((await mcpm(['install', 'io.github.a/b', '--client', 'emacs'], { cwd: dir })).code).toBe(2);
    expect((await mcpm(['status', 'io.github.a/b', 'deprecated'], { cwd: dir })).stderr).toMatch(
      /say which version/,
    );
    expect((await mcpm(['audit'], { cwd: dir })).code).toBe(2);
    expect((await mcpm(['audit', 'verify', '--entries'], { cwd: dir })).stderr).toMatch(
      /--entries needs an API key with AUDIT_READ/,
    );
    expect((await mcpm(['keys', 'rotate'], { cwd: dir })).stderr).toMatch(/unknown keys action "rotate"/);
    expect((await mcpm(['search', 'x', '--limit', 'ten'], { cwd: dir })).stderr).toMatch(
      /--limit must be a positive integer/,
    );
    expect((await mcpm(['help', 'install'], { cwd: dir })).stdout).toMatch(/Exit codes: 0 ok/);
    expect((await mcpm(['--version'], { cwd: dir })).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('3 when a key is needed and missing, malformed (checked offline), or refused', async () => {
    const registry = await fakeRegistry(({ headers }) =>
      headers.authorization === `Bearer ${WELL_FORMED_KEY}`
        ? {
            status: 401,
            body: { errors: [{ message: 'API key revoked', extensions: { code: 'UNAUTHENTICATED' } }] },
          }
        : { body: { data: { viewer: VIEWER } } },
    );
    try {
      const env = { MCPR_URL: registry.url };
      const none = await mcpm(['whoami'], { cwd: dir, env });
      expect(none.code).toBe(3);
      expect(none.stderr).toMatch(/needs an API key.*\nhint: run `mcpm login`/s);

      const malformed = await mcpm(['whoami'], {
        cwd: dir,
        env: { ...env, MCPR_API_KEY: `${WELL_FORMED_KEY.slice(0, -1)}x` },
      });
      expect(malformed.code).toBe(3);
      expect(malformed.stderr).toMatch(
        /the key in MCPR_API_KEY is not an MCP Registry API key: its checksum does not match/,
      );

      const revoked = await mcpm(['whoami'], { cwd: dir, env: { ...env, MCPR_API_KEY: WELL_FORMED_KEY } });
      expect(revoked.code).toBe(3);
      expect(revoked.stderr).toMatch(/did not accept the key in MCPR_API_KEY: API key revoked/);
      expect(revoked.stderr).toMatch(/run `mcpm login` with a current key/);
      // Only the well-formed key reached the registry.
      expect(registry.requests).toHaveLength(1);
    } finally {
      await registry.close();
    }
  });

  it('3 for FORBIDDEN, with what to do', async () => {
    const registry = await fakeRegistry(() => ({
      body: {
        data: null,
        errors: [
          { message: 'the key does not cover io.github.acme/weather', extensions: { code: 'FORBIDDEN' } },
        ],
      },
    }));
    try {
      writeFileSync(join(dir, 'server.json'), JSON.stringify(sampleManifest()));
      const result = await mcpm(['publish'], {
        cwd: dir,
        env: { MCPR_URL: registry.url, MCPR_API_KEY: WELL_FORMED_KEY },
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/not allowed: the key does not cover/);
      expect(result.stderr).toMatch(/mcpm whoami/);
    } finally {
      await registry.close();
    }
  });

  it('4 when the registry cannot be reached or cannot answer', async () => {
    const down = await mcpm(['info', 'io.github.a/b'], {
      cwd: dir,
      env: { MCPR_URL: `http://127.0.0.1:${await closedPort()}` },
    });
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(
      /cannot reach the registry at http:\/\/127\.0\.0\.1:\d+\/graphql \(ECONNREFUSED\)/,
    );
    expect(down.stderr).toMatch(/hint: check that it is running/);

    const replies = [
      { status: 404, body: '<html>Not found</html>' },
      {
        status: 400,
        body: {
          errors: [
            {
              message: 'Cannot query field "vet" on type "Query".',
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      },
      {
        status: 429,
        body: { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] },
        headers: { 'retry-after': '7' },
      },
      {
        status: 500,
        body: {
          errors: [
            { message: 'Internal', extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'c-1' } },
          ],
        },
      },
    ];
    const expected = [
      /answered HTTP 404 without a GraphQL response.*\nhint: MCPR_URL must be the gateway base URL/s,
      /does not serve `vet`/,
      /retry after 7 s/,
      /correlation id c-1/,
    ];
    for (const [i, reply] of replies.entries()) {
      const registry = await fakeRegistry(() => reply);
      try {
        const result = await mcpm(['vet', 'io.github.a/b'], { cwd: dir, env: { MCPR_URL: registry.url } });
        expect(result.code).toBe(4);
        expect(result.stderr).toMatch(expected[i]!);
      } finally {
        await registry.close();
      }
    }
  });

  it('login checks the key with viewer and stores it with mode 600; logout forgets it', async () => {
    const registry = await fakeRegistry(() => ({ body: { data: { viewer: VIEWER } } }));
    try {
      const result = await mcpm(['login', '--url', registry.url, '--api-key', WELL_FORMED_KEY], { cwd: dir });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/logged in to http:\/\/127\.0\.0\.1:\d+ as acme/);
      const file = join(dir, '.config', 'mcpm', 'config.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: registry.url, apiKey: WELL_FORMED_KEY });

      // Later commands use it without any environment.
      const who = await mcpm(['whoami', '--json'], { cwd: dir });
      expect(who.code).toBe(0);
      expect(JSON.parse(who.stdout)).toMatchObject({ handle: 'acme', url: registry.url });
      expect(registry.requests.at(-1)!.headers.authorization).toBe(`Bearer ${WELL_FORMED_KEY}`);

      const piped = await mcpm(['login', '--with-token'], { cwd: dir, stdinText: `${WELL_FORMED_KEY}\n` });
      expect(piped.code).toBe(0);
      const noTty = await mcpm(['login'], { cwd: dir });
      expect(noTty.code).toBe(2);
      expect(noTty.stderr).toMatch(/stdin is not a terminal/);

      expect((await mcpm(['logout'], { cwd: dir })).code).toBe(0);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: registry.url });
      expect((await mcpm(['whoami'], { cwd: dir })).code).toBe(3);
    } finally {
      await registry.close();
    }
  });
});
