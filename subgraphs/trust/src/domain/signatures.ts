import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from '@mcpr/platform';

/** `_meta` key of a publisher's signature over the manifest. */
export const SIGNATURE_META_KEY = 'io.mcpr/signature';

/** What `ScanReport.signatureStatus` says about a version's manifest. */
export type SignatureStatusValue = 'UNSIGNED' | 'VALID' | 'INVALID' | 'UNKNOWN_KEY' | 'REVOKED_KEY';

/** A registered publisher key as verification needs it. */
export interface PublisherKeyFacts {
  id: string;
  /** Account handle that owns the key. */
  account: string;
  /** Standard base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  revoked: boolean;
}

/** `_meta["io.mcpr/signature"]` as read from a manifest. */
export type SignatureClaim =
  | { kind: 'absent' }
  | { kind: 'malformed' }
  | { kind: 'present'; keyId: string; alg: string; sig: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The signature block of a manifest, read defensively. */
export function readSignature(manifest: unknown): SignatureClaim {
  if (!isRecord(manifest) || !isRecord(manifest._meta) || !(SIGNATURE_META_KEY in manifest._meta)) {
    return { kind: 'absent' };
  }
  const block = manifest._meta[SIGNATURE_META_KEY];
  if (!isRecord(block)) return { kind: 'malformed' };
  const { keyId, alg, sig } = block;
  if (typeof keyId !== 'string' || typeof alg !== 'string' || typeof sig !== 'string') {
    return { kind: 'malformed' };
  }
  return { kind: 'present', keyId, alg, sig };
}

/** The `keyId` a manifest's signature names, if it has a readable one. */
export function signatureKeyIdOf(manifest: unknown): string | null {
  const claim = readSignature(manifest);
  return claim.kind === 'present' ? claim.keyId : null;
}

/**
 * The bytes a publisher signs: the RFC 8785 form of the manifest without `_meta["io.mcpr/signature"]`
 * (only that key is removed; `_meta` stays, empty if it held nothing else).
 */
export function signedPayload(manifest: Record<string, unknown>): Buffer {
  const meta = isRecord(manifest._meta) ? { ...manifest._meta } : undefined;
  if (meta) delete meta[SIGNATURE_META_KEY];
  const unsigned = meta ? { ...manifest, _meta: meta } : manifest;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

/** Standard or URL-safe base64, padding optional. */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes standard or URL-safe base64; null when it is not base64. */
export function decodeBase64(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed)) return null;
  return Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A raw 32-byte Ed25519 public key as a KeyObject (throws on anything else). */
export function ed25519PublicKey(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * Parses a publisher's public key: standard or URL-safe base64 of the raw 32 bytes. Returns the canonical
 * (standard base64) form and the fingerprint, or null when it is not an Ed25519 public key.
 */
export function parsePublicKey(text: string): { publicKey: string; fingerprint: string } | null {
  const raw = decodeBase64(text);
  if (!raw || raw.length !== 32) return null;
  try {
    ed25519PublicKey(raw);
  } catch {
    return null;
  }
  return { publicKey: raw.toString('base64'), fingerprint: sha256Hex(raw) };
}

/** True when `sig` (base64) is a valid Ed25519 signature of `payload` under the raw public key (base64). */
export function verifyEd25519(publicKey: string, payload: Buffer, sig: string): boolean {
  const signature = decodeBase64(sig);
  const raw = decodeBase64(publicKey);
  if (!signature || signature.length !== 64 || !raw) return false;
  try {
    return verify(null, payload, ed25519PublicKey(raw), signature);
  } catch {
    return false;
  }
}

/**
 * The signature status of a manifest:
 * - UNSIGNED: no `_meta["io.mcpr/signature"]`;
 * - UNKNOWN_KEY: it names a key trust does not know;
 * - REVOKED_KEY: the key was revoked (whenever the signature was made: revocation withdraws trust in
 *   everything the key signed);
 * - INVALID: a malformed block, an algorithm other than ed25519, a key of an account not allowed to sign
 *   for this server (`signers`: the namespace owner, else the publisher), or a signature that does not verify;
 * - VALID otherwise.
 */
export function signatureStatusOf(
  manifest: Record<string, unknown>,
  key: PublisherKeyFacts | null,
  signers: readonly string[],
): SignatureStatusValue {
  const claim = readSignature(manifest);
  if (claim.kind === 'absent') return 'UNSIGNED';
  if (claim.kind === 'malformed' || claim.alg.toLowerCase() !== 'ed25519') return 'INVALID';
  if (!key || key.id !== claim.keyId) return 'UNKNOWN_KEY';
  if (key.revoked) return 'REVOKED_KEY';
  if (!signers.some((signer) => signer.toLowerCase() === key.account.toLowerCase())) return 'INVALID';
  return verifyEd25519(key.publicKey, signedPayload(manifest), claim.sig) ? 'VALID' : 'INVALID';
}
