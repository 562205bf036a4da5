import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@mcpr/platform/crypto/canonical-json';
import { SIGNATURE_META_KEY } from '@mcpr/manifest/constants';
import { writePrivateFile } from './config';
import { usageError } from './errors';

/*
 * Publisher signatures (contract README, "Inputs"): `_meta["io.mcpr/signature"] = { keyId, alg: "ed25519",
 * sig }` where `sig` is the base64 Ed25519 signature over the RFC 8785 form of the manifest without that
 * key (the rest of `_meta` stays, empty when the signature was all it held). `keyId` is the id the
 * registry gave the public key when it was registered (`mcpm keys register`).
 */

/** A signing key kept in `<config dir>/keys/<name>.json` (mode 600). */
export interface LocalKey {
  name: string;
  alg: 'ed25519';
  /** Standard base64 of the raw 32-byte public key (what `registerPublisherKey` takes). */
  publicKey: string;
  /** PKCS#8 PEM of the private key. */
  privateKey: string;
  /** Lowercase hex SHA-256 of the raw public key. */
  fingerprint: string;
  /** The registry's id for the key, once registered. */
  keyId?: string;
  /** The registry it was registered with. */
  registry?: string;
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function rawPublicKey(privateKeyPem: string): Buffer {
  const der = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: 'der', type: 'spki' });
  return der.subarray(ED25519_SPKI_PREFIX.length);
}

/** A fresh Ed25519 key pair. */
export function generateSigningKey(name: string): LocalKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const raw = rawPublicKey(pem);
  return {
    name,
    alg: 'ed25519',
    publicKey: raw.toString('base64'),
    privateKey: pem,
    fingerprint: createHash('sha256').update(raw).digest('hex'),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The bytes that are signed: the canonical manifest without `_meta["io.mcpr/signature"]`. */
export function signedPayload(manifest: Record<string, unknown>): Buffer {
  const meta = isRecord(manifest._meta) ? { ...manifest._meta } : undefined;
  if (meta) delete meta[SIGNATURE_META_KEY];
  const unsigned = meta ? { ...manifest, _meta: meta } : manifest;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

/** A copy of the manifest with the signature block set (an older signature is replaced). */
export function signManifest(
  manifest: Record<string, unknown>,
  key: Pick<LocalKey, 'privateKey'> & { keyId: string },
): Record<string, unknown> {
  const meta = isRecord(manifest._meta) ? { ...manifest._meta } : {};
  delete meta[SIGNATURE_META_KEY];
  const unsigned = { ...manifest, _meta: meta };
  const sig = sign(null, signedPayload(unsigned), createPrivateKey(key.privateKey)).toString('base64');
  return { ...manifest, _meta: { ...meta, [SIGNATURE_META_KEY]: { keyId: key.keyId, alg: 'ed25519', sig } } };
}

/** True when the manifest carries a signature that verifies under the raw public key (base64). */
export function verifyManifestSignature(manifest: Record<string, unknown>, publicKey: string): boolean {
  const block = isRecord(manifest._meta) ? manifest._meta[SIGNATURE_META_KEY] : undefined;
  if (!isRecord(block) || block.alg !== 'ed25519' || typeof block.sig !== 'string') return false;
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== 32) return false;
  try {
    const key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
      format: 'der',
      type: 'spki',
    });
    return verify(null, signedPayload(manifest), key, Buffer.from(block.sig, 'base64'));
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ key files

export function keysDir(configDir: string): string {
  return join(configDir, 'keys');
}

function keyPath(configDir: string, name: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name) || name.startsWith('.')) {
    throw usageError(`${JSON.stringify(name)} is not a key name`, 'use letters, digits, ".", "_" or "-"');
  }
  return join(keysDir(configDir), `${name}.json`);
}

export function keyExists(configDir: string, name: string): boolean {
  return existsSync(keyPath(configDir, name));
}

export function saveKey(configDir: string, key: LocalKey): string {
  const path = keyPath(configDir, key.name);
  writePrivateFile(path, `${JSON.stringify(key, null, 2)}\n`);
  return path;
}

export function loadKey(configDir: string, name: string): LocalKey {
  const path = keyPath(configDir, name);
  if (!existsSync(path)) {
    throw usageError(
      `no signing key named ${JSON.stringify(name)} in ${keysDir(configDir)}`,
      'create one with `mcpm keys generate`',
    );
  }
  let key: LocalKey;
  try {
    key = JSON.parse(readFileSync(path, 'utf8')) as LocalKey;
    if (rawPublicKey(key.privateKey).toString('base64') !== key.publicKey)
      throw new Error('the public key does not match the private key');
  } catch (error) {
    throw usageError(
      `${path} is not a usable signing key (${(error as Error).message})`,
      'generate a new one with `mcpm keys generate --force`',
    );
  }
  return key;
}

export function listKeys(configDir: string): LocalKey[] {
  const dir = keysDir(configDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => loadKey(configDir, file.slice(0, -'.json'.length)));
}
