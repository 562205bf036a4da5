import { statSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from '@mcpr/platform/crypto/canonical-json';
import { validateManifest } from '@mcpr/manifest';
import {
  generateSigningKey,
  listKeys,
  loadKey,
  saveKey,
  signedPayload,
  signManifest,
  verifyManifestSignature,
} from '../src/signing';
import { removeDir, sampleManifest, tempDir } from './helpers';

describe('manifest signatures', () => {
  const key = generateSigningKey('default');

  it('round-trips: a signed manifest verifies with the public key, and is still a valid manifest', () => {
    const signed = signManifest(sampleManifest(), { privateKey: key.privateKey, keyId: 'key-1' });
    const block = (signed._meta as Record<string, Record<string, string>>)['io.mcpr/signature']!;
    expect(block).toMatchObject({ keyId: 'key-1', alg: 'ed25519' });
    expect(Buffer.from(block.sig!, 'base64')).toHaveLength(64);
    expect(verifyManifestSignature(signed, key.publicKey)).toBe(true);
    expect(validateManifest(signed).ok).toBe(true);
  });

  it('signs the RFC 8785 form without the signature key (so key order does not matter)', () => {
    const manifest = sampleManifest();
    const signed = signManifest(manifest, { privateKey: key.privateKey, keyId: 'k' });
    const reordered = Object.fromEntries(Object.entries(signed).reverse());
    expect(verifyManifestSignature(reordered, key.publicKey)).toBe(true);
    // What is signed is exactly canonicalJson(manifest) — independently checked with node:crypto.
    const sig = (signed._meta as Record<string, Record<string, string>>)['io.mcpr/signature']!.sig!;
    const spki = Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      Buffer.from(key.publicKey, 'base64'),
    ]);
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(canonicalJson(manifest)), publicKey, Buffer.from(sig, 'base64'))).toBe(
      true,
    );
  });

  it('keeps an empty _meta in the payload when the signature was all it held (as the trust service reads it)', () => {
    const bare = { name: 'io.github.acme/x', description: 'x', version: '1.0.0' };
    const signed = signManifest(bare, { privateKey: key.privateKey, keyId: 'k' });
    expect(signedPayload(signed).toString()).toBe(canonicalJson({ ...bare, _meta: {} }));
    expect(verifyManifestSignature(signed, key.publicKey)).toBe(true);
  });

  it('fails on any change, a wrong key, or a missing signature', () => {
    const signed = signManifest(sampleManifest(), { privateKey: key.privateKey, keyId: 'k' });
    expect(verifyManifestSignature({ ...signed, description: 'changed' }, key.publicKey)).toBe(false);
    expect(verifyManifestSignature(signed, generateSigningKey('other').publicKey)).toBe(false);
    expect(verifyManifestSignature(sampleManifest(), key.publicKey)).toBe(false);
  });

  it('replaces an older signature instead of signing it', () => {
    const once = signManifest(sampleManifest(), { privateKey: key.privateKey, keyId: 'old' });
    const twice = signManifest(once, { privateKey: key.privateKey, keyId: 'new' });
    expect((twice._meta as Record<string, { keyId: string }>)['io.mcpr/signature']!.keyId).toBe('new');
    expect(verifyManifestSignature(twice, key.publicKey)).toBe(true);
  });

  it('keeps keys in files only their owner can read, and notices a damaged one', () => {
    const dir = tempDir();
    try {
      const path = saveKey(dir, key);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(loadKey(dir, 'default')).toEqual(key);
      expect(listKeys(dir).map((k) => k.name)).toEqual(['default']);
      saveKey(dir, { ...key, name: 'broken', publicKey: generateSigningKey('x').publicKey });
      expect(() => loadKey(dir, 'broken')).toThrow(/not a usable signing key/);
      expect(() => loadKey(dir, '../escape')).toThrow(/not a key name/);
    } finally {
      removeDir(dir);
    }
  });
});
