import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalDigest } from '@mcpr/platform/crypto/canonical-json';
import { loadKey, verifyManifestSignature } from '../src/signing';
import {
  fakeRegistry,
  mcpm,
  removeDir,
  sampleManifest,
  tempDir,
  WELL_FORMED_KEY,
  type FakeRequest,
} from './helpers';

const VIEWER = {
  keyId: 'k1',
  handle: 'acme',
  scopes: ['SERVERS_PUBLISH'],
  namespaces: ['io.github.acme/*'],
  expiresAt: null,
};

function publishReply(request: FakeRequest, taken = new Set<string>()) {
  const manifest = (request.variables.input as { manifest: Record<string, unknown> }).manifest;
  const id = `${String(manifest.name)}@${String(manifest.version)}`;
  if (taken.has(id)) {
    return {
      body: {
        data: {
          publishServer: {
            version: null,
            userErrors: [
              {
                code: 'CONFLICT',
                message: `version ${String(manifest.version)} exists`,
                path: ['manifest', 'version'],
              },
            ],
          },
        },
      },
    };
  }
  taken.add(id);
  return {
    body: {
      data: {
        publishServer: {
          version: {
            id: 'v1',
            version: manifest.version,
            isLatest: true,
            status: 'ACTIVE',
            publishedAt: '2026-01-01T00:00:00.000Z',
            manifestDigest: canonicalDigest(manifest),
            server: { id: 's1', name: manifest.name, namespace: { name: 'io.github.acme' } },
            tools: [{ name: 'get_forecast', description: 'Forecast for a city' }],
          },
          userErrors: [],
        },
      },
    },
  };
}

describe('mcpm publish / keys / status against a stand-in registry', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    writeFileSync(join(dir, 'server.json'), JSON.stringify(sampleManifest(), null, 2));
  });
  afterEach(() => removeDir(dir));

  it('--dry-run checks the key and sends no publish; publish sends the manifest; a duplicate is exit 1', async () => {
    const taken = new Set<string>();
    const registry = await fakeRegistry((request) =>
      request.operation === 'Viewer' ? { body: { data: { viewer: VIEWER } } } : publishReply(request, taken),
    );
    try {
      const env = { MCPR_URL: registry.url, MCPR_API_KEY: WELL_FORMED_KEY };
      const dry = await mcpm(['publish', '--dry-run'], { cwd: dir, env });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(
        /dry run: io\.github\.acme\/weather@1\.0\.0 is ready to publish \(nothing was sent\)/,
      );
      expect(dry.stdout).toMatch(/key of acme may publish it/);
      expect(registry.requests.map((r) => r.operation)).toEqual(['Viewer']);

      const real = await mcpm(['publish', '--json'], { cwd: dir, env });
      expect(real.code).toBe(0);
      expect(JSON.parse(real.stdout)).toMatchObject({
        published: true,
        version: { version: '1.0.0', isLatest: true },
      });
      const sent = registry.requests.at(-1)!;
      expect(sent.operation).toBe('PublishServer');
      expect(sent.variables).toEqual({ input: { manifest: sampleManifest() } });

      const again = await mcpm(['publish'], { cwd: dir, env });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/CONFLICT version: version 1\.0\.0 exists/);
      expect(again.stderr).toMatch(/raise "version"/);
    } finally {
      await registry.close();
    }
  });

  it('a dry run with a key that cannot publish the name is exit 3', async () => {
    const registry = await fakeRegistry(() => ({
      body: { data: { viewer: { ...VIEWER, namespaces: ['io.github.other/*'] } } },
    }));
    try {
      const result = await mcpm(['publish', '--dry-run'], {
        cwd: dir,
        env: { MCPR_URL: registry.url, MCPR_API_KEY: WELL_FORMED_KEY },
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(
        /cannot publish io\.github\.acme\/weather \(namespaces io\.github\.other\/\*\)/,
      );
    } finally {
      await registry.close();
    }
  });

  it('publishes nothing when the manifest is invalid (exit 1, problems with paths)', async () => {
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ ...sampleManifest(), version: 'latest' }));
    const registry = await fakeRegistry(() => ({ body: {} }));
    try {
      const result = await mcpm(['publish'], {
        cwd: dir,
        env: { MCPR_URL: registry.url, MCPR_API_KEY: WELL_FORMED_KEY },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/error +version +"latest" is reserved/);
      expect(registry.requests).toHaveLength(0);
    } finally {
      await registry.close();
    }
  });

  it('keys generate → register → publish --sign sends a manifest signed with the registered key id', async () => {
    const registry = await fakeRegistry((request) => {
      if (request.operation === 'RegisterPublisherKey') {
        return {
          body: {
            data: {
              registerPublisherKey: { publisherKey: { id: 'pk-1', fingerprint: 'f' }, userErrors: [] },
            },
          },
        };
      }
      return publishReply(request);
    });
    try {
      const env = { MCPR_URL: registry.url, MCPR_API_KEY: WELL_FORMED_KEY };
      expect((await mcpm(['keys', 'generate'], { cwd: dir, env })).code).toBe(0);
      expect((await mcpm(['keys', 'generate'], { cwd: dir, env })).code).toBe(2);
      const unregistered = await mcpm(['publish', '--sign'], { cwd: dir, env });
      expect(unregistered.code).toBe(2);
      expect(unregistered.stderr).toMatch(/not registered.*\nhint: run `mcpm keys register --name default`/s);

      expect((await mcpm(['keys', 'register'], { cwd: dir, env })).code).toBe(0);
      const key = loadKey(join(dir, '.config', 'mcpm'), 'default');
      expect(key.keyId).toBe('pk-1');
      expect(registry.requests[0]!.variables).toEqual({ input: { publicKey: key.publicKey } });
      const list = await mcpm(['keys', 'list', '--json'], { cwd: dir, env });
      expect(JSON.parse(list.stdout)).toEqual([
        {
          name: 'default',
          publicKey: key.publicKey,
          fingerprint: key.fingerprint,
          keyId: 'pk-1',
          registry: registry.url,
        },
      ]);

      const signed = await mcpm(['publish', '--sign'], { cwd: dir, env });
      expect(signed.code).toBe(0);
      const manifest = (registry.requests.at(-1)!.variables.input as { manifest: Record<string, unknown> })
        .manifest;
      expect((manifest._meta as Record<string, unknown>)['io.mcpr/signature']).toMatchObject({
        keyId: 'pk-1',
        alg: 'ed25519',
      });
      expect(verifyManifestSignature(manifest, key.publicKey)).toBe(true);
    } finally {
      await registry.close();
    }
  });

  it('status deprecates a version with a message; an unknown version is exit 1', async () => {
    const registry = await fakeRegistry((request) => {
      const input = request.variables.input as { version: string; status: string; message?: string };
      if (input.version === '9.9.9') {
        return {
          body: {
            data: {
              setVersionStatus: {
                version: null,
                userErrors: [{ code: 'NOT_FOUND', message: 'no version 9.9.9', path: ['version'] }],
              },
            },
          },
        };
      }
      return {
        body: {
          data: {
            setVersionStatus: {
              version: {
                version: input.version,
                status: input.status,
                statusMessage: input.message ?? null,
                isLatest: true,
              },
              userErrors: [],
            },
          },
        },
      };
    });
    try {
      const env = { MCPR_URL: registry.url, MCPR_API_KEY: WELL_FORMED_KEY };
      const ok = await mcpm(
        ['status', 'io.github.acme/weather@1.0.0', 'deprecated', '--message', 'use 2.0.0'],
        { cwd: dir, env },
      );
      expect(ok.code).toBe(0);
      expect(ok.stdout).toBe('io.github.acme/weather@1.0.0 is now deprecated: use 2.0.0\n');
      expect(registry.requests[0]!.variables).toEqual({
        input: {
          name: 'io.github.acme/weather',
          version: '1.0.0',
          status: 'DEPRECATED',
          message: 'use 2.0.0',
        },
      });
      const missing = await mcpm(['status', 'io.github.acme/weather@9.9.9', 'deleted'], { cwd: dir, env });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(
        /no version 9\.9\.9.*\nhint: check the name and version with `mcpm info io\.github\.acme\/weather`/s,
      );
    } finally {
      await registry.close();
    }
  });
});
