import {
  CURRENT_SCHEMA_URL,
  LIMITS,
  OFFICIAL_META_KEY,
  OLDER_SCHEMA_URLS,
  PUBLISHER_META_KEY,
  REGISTRY_META_KEY,
  SIGNATURE_META_KEY,
} from '../src';
import { accept, minimalManifest, reject, validManifest } from './fixtures';

const SIG = 'A'.repeat(86) + '==';
const signature = (extra: Record<string, unknown> = {}) => ({
  keyId: 'alice-2026',
  alg: 'ed25519',
  sig: SIG,
  ...extra,
});
const withMeta = (meta: Record<string, unknown>) => ({ ...minimalManifest(), _meta: meta });

describe('$schema', () => {
  it('is optional: absent means the current schema', () => {
    expect(accept(minimalManifest()).warnings).toEqual([]);
  });

  it('accepts the current schema URL without a warning', () => {
    expect(accept({ ...minimalManifest(), $schema: CURRENT_SCHEMA_URL }).warnings).toEqual([]);
  });

  it.each(OLDER_SCHEMA_URLS)('accepts the older schema %s with a warning', (url) => {
    const { warnings } = accept({ ...minimalManifest(), $schema: url });
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', path: ['$schema'] })]);
  });

  it.each([
    'https://static.modelcontextprotocol.io/schemas/draft/server.schema.json',
    'https://static.modelcontextprotocol.io/schemas/2099-01-01/server.schema.json',
    'https://example.com/server.schema.json',
    'http://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    '',
  ])('rejects the unknown schema %j', (url) => {
    expect(reject({ ...minimalManifest(), $schema: url }).errors).toEqual([
      expect.objectContaining({ severity: 'error', path: ['$schema'] }),
    ]);
  });

  it('rejects a $schema that is not a string', () => {
    expect(reject({ ...minimalManifest(), $schema: 1 }).errors.map((e) => e.path)).toEqual([['$schema']]);
  });
});

describe('_meta', () => {
  it(`strips ${OFFICIAL_META_KEY} silently and keeps the other keys`, () => {
    const input = validManifest();
    (input._meta as Record<string, unknown>)[OFFICIAL_META_KEY] = {
      status: 'active',
      publishedAt: '2025-09-29T00:00:00Z',
      isLatest: true,
    };
    const { value, warnings } = accept(input);
    expect(warnings).toEqual([]);
    const meta = value.manifest._meta as Record<string, unknown>;
    expect(meta).not.toHaveProperty([OFFICIAL_META_KEY]);
    expect(Object.keys(meta)).toEqual([
      PUBLISHER_META_KEY,
      'io.modelcontextprotocol.registry/publisher-provided',
      'com.example/vendor',
    ]);
  });

  it('removes _meta when only registry-managed keys were in it', () => {
    const input = withMeta({
      [OFFICIAL_META_KEY]: { status: 'active' },
      [REGISTRY_META_KEY]: { trust: 'certified' },
    });
    const { value } = accept(input);
    expect(value.manifest).toEqual(minimalManifest());
    expect(value.manifest).not.toHaveProperty('_meta');
  });

  it('does not validate the stripped official block (it is the registry’s, not the publisher’s)', () => {
    accept(withMeta({ [OFFICIAL_META_KEY]: 'anything' }));
  });

  it('stores a deep copy, not the input', () => {
    const input = validManifest();
    const { value } = accept(input);
    expect(value.manifest).not.toBe(input);
    expect(value.manifest.packages).not.toBe(input.packages);
    expect(value.manifest).toEqual(input);
  });

  it('keeps vendor keys as they are', () => {
    const { value } = accept(withMeta({ 'com.example/build': { commit: 'abc123' } }));
    expect(value.manifest._meta).toEqual({ 'com.example/build': { commit: 'abc123' } });
  });

  it(`limits vendor keys to ${LIMITS.vendorMetaBytes} bytes in total`, () => {
    const { errors } = reject(
      withMeta({
        'com.example/a': 'x'.repeat(LIMITS.vendorMetaBytes / 2),
        'com.example/b': 'y'.repeat(LIMITS.vendorMetaBytes / 2),
      }),
    );
    expect(errors).toEqual([expect.objectContaining({ path: ['_meta'] })]);
  });

  it('applies the official 4 KB limit to io.modelcontextprotocol.registry/publisher-provided', () => {
    const key = 'io.modelcontextprotocol.registry/publisher-provided';
    accept(withMeta({ [key]: { note: 'x'.repeat(4000) } }));
    expect(reject(withMeta({ [key]: { note: 'x'.repeat(4100) } })).errors).toEqual([
      expect.objectContaining({ severity: 'error', path: ['_meta', key] }),
    ]);
    expect(reject(withMeta({ [key]: 'text' })).errors.map((e) => e.path)).toEqual([['_meta', key]]);
  });

  it.each(['io.mcpr/trust', 'io.modelcontextprotocol.registry/status'])(
    'rejects the registry-reserved key %s',
    (key) => {
      expect(reject(withMeta({ [key]: {} })).errors).toEqual([
        expect.objectContaining({ severity: 'error', path: ['_meta', key] }),
      ]);
    },
  );

  it('rejects a _meta that is not an object', () => {
    expect(reject({ ...minimalManifest(), _meta: [] }).errors.map((e) => e.path)).toEqual([['_meta']]);
  });
});

describe(SIGNATURE_META_KEY, () => {
  const path = (field?: string) =>
    field ? ['_meta', SIGNATURE_META_KEY, field] : ['_meta', SIGNATURE_META_KEY];

  it('accepts { keyId, alg: "ed25519", sig } with a 64-byte base64 signature, padded or not, std or url-safe', () => {
    accept(withMeta({ [SIGNATURE_META_KEY]: signature() }));
    accept(
      withMeta({ [SIGNATURE_META_KEY]: signature({ sig: Buffer.alloc(64, 0xfb).toString('base64url') }) }),
    );
    const { value } = accept(withMeta({ [SIGNATURE_META_KEY]: signature() }));
    expect(value.manifest._meta).toEqual({ [SIGNATURE_META_KEY]: signature() });
  });

  it.each([
    ['keyId', { keyId: '' }],
    ['keyId', { keyId: 7 }],
    ['keyId', { keyId: 'k'.repeat(257) }],
    ['alg', { alg: 'Ed25519' }],
    ['alg', { alg: 'rsa-sha256' }],
    ['sig', { sig: 'not base64!' }],
    ['sig', { sig: Buffer.alloc(32).toString('base64') }],
    ['sig', { sig: 12 }],
  ])('rejects a bad %s', (field, change) => {
    expect(reject(withMeta({ [SIGNATURE_META_KEY]: signature(change) })).errors).toEqual([
      expect.objectContaining({ severity: 'error', path: path(field) }),
    ]);
  });

  it('requires every field', () => {
    expect(reject(withMeta({ [SIGNATURE_META_KEY]: {} })).errors.map((e) => e.path)).toEqual([
      path('keyId'),
      path('alg'),
      path('sig'),
    ]);
  });

  it('must be an object', () => {
    expect(reject(withMeta({ [SIGNATURE_META_KEY]: SIG })).errors.map((e) => e.path)).toEqual([path()]);
  });
});
