import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from '@mcpr/platform';
import {
  parsePublicKey,
  readSignature,
  signatureStatusOf,
  signedPayload,
  verifyEd25519,
  type PublisherKeyFacts,
} from '../src/domain/signatures';

/** A key pair; the public key as base64 of the raw 32 bytes (what publishers register). */
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKey: Buffer.from(jwk.x!, 'base64url').toString('base64'), privateKey };
}

const manifest = {
  name: 'io.github.acme/weather',
  version: '1.0.0',
  description: 'Forecasts — für jede Stadt ✓',
  _meta: {
    'io.mcpr/publisher-provided': {
      tools: [
        { name: 'b', description: 'x' },
        { name: 'a', description: 'y' },
      ],
    },
  },
};

/**
 * Signs as the contract says, written independently of the implementation: RFC 8785 form of the
 * manifest with `_meta["io.mcpr/signature"]` removed.
 */
function signed(
  m: Record<string, unknown>,
  keyId: string,
  privateKey: ReturnType<typeof keyPair>['privateKey'],
) {
  const payload = Buffer.from(canonicalJson(m), 'utf8');
  const sig = sign(null, payload, privateKey).toString('base64');
  return { ...m, _meta: { ...(m._meta as object), 'io.mcpr/signature': { keyId, alg: 'ed25519', sig } } };
}

describe('publisher signatures', () => {
  const alice = keyPair();
  const key: PublisherKeyFacts = { id: 'k1', account: 'alice', publicKey: alice.publicKey, revoked: false };

  it('signs over the canonical JSON without the signature key (which is all that is removed)', () => {
    const m = signed(manifest, 'k1', alice.privateKey);
    expect(signedPayload(m).toString('utf8')).toBe(canonicalJson(manifest));
    const onlySignature = signed({ name: 'x/y' }, 'k1', alice.privateKey);
    expect(signedPayload(onlySignature).toString('utf8')).toBe('{"_meta":{},"name":"x/y"}');
  });

  it('is VALID for a live key of an allowed account', () => {
    expect(signatureStatusOf(signed(manifest, 'k1', alice.privateKey), key, ['alice'])).toBe('VALID');
  });

  it('is UNSIGNED, UNKNOWN_KEY, REVOKED_KEY or INVALID otherwise', () => {
    const m = signed(manifest, 'k1', alice.privateKey);
    expect(signatureStatusOf(manifest, key, ['alice'])).toBe('UNSIGNED');
    expect(signatureStatusOf(m, null, ['alice'])).toBe('UNKNOWN_KEY');
    expect(signatureStatusOf(m, { ...key, revoked: true }, ['alice'])).toBe('REVOKED_KEY');
    // another account's key, even a genuine signature
    expect(signatureStatusOf(m, key, ['mallory'])).toBe('INVALID');
    // tampered after signing
    expect(signatureStatusOf({ ...m, version: '1.0.1' }, key, ['alice'])).toBe('INVALID');
    // signed by someone else's private key
    expect(signatureStatusOf(signed(manifest, 'k1', keyPair().privateKey), key, ['alice'])).toBe('INVALID');
    // malformed blocks and other algorithms
    const meta = (block: unknown) => ({
      ...manifest,
      _meta: { ...manifest._meta, 'io.mcpr/signature': block },
    });
    expect(signatureStatusOf(meta('abc'), key, ['alice'])).toBe('INVALID');
    expect(signatureStatusOf(meta({ keyId: 'k1', alg: 'rsa', sig: 'AAAA' }), key, ['alice'])).toBe('INVALID');
    expect(signatureStatusOf(meta({ keyId: 'k1', alg: 'ed25519', sig: '!!' }), key, ['alice'])).toBe(
      'INVALID',
    );
  });

  it('reads the signature block defensively', () => {
    expect(readSignature(null)).toEqual({ kind: 'absent' });
    expect(readSignature({ _meta: 'x' })).toEqual({ kind: 'absent' });
    expect(readSignature({ _meta: { 'io.mcpr/signature': { keyId: 1 } } })).toEqual({ kind: 'malformed' });
  });

  it('accepts raw 32-byte keys in standard or URL-safe base64 only', () => {
    const parsed = parsePublicKey(alice.publicKey);
    expect(parsed?.publicKey).toBe(alice.publicKey);
    expect(parsed?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(parsePublicKey(Buffer.from(alice.publicKey, 'base64').toString('base64url'))?.publicKey).toBe(
      alice.publicKey,
    );
    expect(parsePublicKey('')).toBeNull();
    expect(parsePublicKey('not base64!')).toBeNull();
    expect(parsePublicKey(Buffer.alloc(31).toString('base64'))).toBeNull();
  });

  it('verifies exactly the signed bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const payload = Buffer.from(canonicalJson(a), 'utf8');
        const sig = sign(null, payload, alice.privateKey).toString('base64');
        const other = Buffer.from(canonicalJson(b), 'utf8');
        return (
          verifyEd25519(alice.publicKey, payload, sig) &&
          verifyEd25519(alice.publicKey, other, sig) === payload.equals(other)
        );
      }),
      { numRuns: 50 },
    );
  });
});
