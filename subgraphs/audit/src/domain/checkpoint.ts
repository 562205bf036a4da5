import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { decodeBase64Strict, decodeLowerHex, toBase64, toHex } from './encoding';

/**
 * Signed checkpoints: the C2SP tlog-checkpoint note body, signed with Ed25519.
 *
 * The note is exactly three lines, each ending in "\n":
 * ```
 * <origin>
 * <tree size in decimal, no leading zeros>
 * <root hash, standard base64 with padding>
 * ```
 * The signature is the raw 64-byte Ed25519 signature over the UTF-8 bytes of the note, in standard
 * base64; the public key is the raw 32-byte key in standard base64 (contract "Output shapes"). This is
 * the same signed message as a C2SP signed note's Ed25519 signature line, so the pair can be wrapped
 * into a signed note for standard witnesses later without re-signing. The C2SP optional extension
 * lines are not used by this log, and the parser rejects them rather than ignore unsigned-looking data.
 *
 * `AUDIT_SIGNING_KEY` format: standard base64 of the 32-byte Ed25519 private seed (RFC 8032 §5.1.5
 * "secret key"), e.g. from `exportSigningKey(generateSigningKey())`; a PKCS#8 PEM
 * ("-----BEGIN PRIVATE KEY-----", as `openssl genpkey -algorithm ed25519` writes) is accepted too.
 */

/** Origin line used when none is configured. */
export const DEFAULT_CHECKPOINT_ORIGIN = 'mcp-registry.local/audit';

/** Bytes in an Ed25519 public key, private seed (RFC 8032). */
const ED25519_KEY_SIZE = 32;
/** Bytes in an Ed25519 signature (RFC 8032). */
const ED25519_SIGNATURE_SIZE = 64;
// DER headers of an Ed25519 key (RFC 8410): the raw key is everything after them.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

// C2SP: the origin SHOULD be a schema-less URL without Unicode spaces or "+"; controls would break lines.
const ORIGIN = /^[^\p{White_Space}\p{Cc}+]+$/u;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** The three values a checkpoint commits to. `rootHash` is lowercase hex. */
export interface CheckpointFields {
  origin: string;
  treeSize: number;
  rootHash: string;
}

/** A signed checkpoint as served: the fields, the note built from them and its signature. */
export interface SignedCheckpoint extends CheckpointFields {
  note: string;
  /** Base64 of the raw 64-byte Ed25519 signature over the UTF-8 bytes of `note`. */
  signature: string;
  /** {@link keyId} of the signing key. */
  keyId: string;
}

/** A note or checkpoint value that does not follow the format above. */
export class CheckpointFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointFormatError';
  }
}

/** A signing key that cannot be loaded or is not Ed25519. Messages never contain key material. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/**
 * Builds the note body for a tree size and root (hex or 32 bytes). Throws {@link CheckpointFormatError}
 * for an invalid origin, size or hash, so a malformed note is never signed.
 */
export function formatCheckpointNote(fields: {
  origin?: string;
  treeSize: number;
  rootHash: string | Uint8Array;
}): string {
  const origin = fields.origin ?? DEFAULT_CHECKPOINT_ORIGIN;
  if (!ORIGIN.test(origin)) {
    throw new CheckpointFormatError('origin must be non-empty, without spaces, control characters or "+"');
  }
  if (!Number.isSafeInteger(fields.treeSize) || fields.treeSize < 0) {
    throw new CheckpointFormatError('treeSize must be a non-negative integer');
  }
  const root =
    typeof fields.rootHash === 'string'
      ? decodeLowerHex(fields.rootHash, 32)
      : fields.rootHash.length === 32
        ? fields.rootHash
        : null;
  if (!root) throw new CheckpointFormatError('rootHash must be 32 bytes or 64 lowercase hex characters');
  return `${origin}\n${fields.treeSize}\n${toBase64(root)}\n`;
}

/**
 * Parses a note strictly: exactly three "\n"-terminated lines (no "\r", no extension lines), a valid
 * origin, a decimal size without leading zeros within the safe-integer range, and a canonical padded
 * base64 root of 32 bytes. Returns the root as lowercase hex. Throws {@link CheckpointFormatError}.
 */
export function parseNote(note: string): CheckpointFields {
  if (typeof note !== 'string' || !note.endsWith('\n')) {
    throw new CheckpointFormatError('note must end with a newline');
  }
  const lines = note.slice(0, -1).split('\n');
  if (lines.length !== 3) throw new CheckpointFormatError(`note must have 3 lines, found ${lines.length}`);
  const [origin, sizeText, rootText] = lines;
  if (!ORIGIN.test(origin)) throw new CheckpointFormatError('note origin line is invalid');
  const treeSize = Number(sizeText);
  if (!DECIMAL.test(sizeText) || !Number.isSafeInteger(treeSize)) {
    throw new CheckpointFormatError('note tree size must be a decimal integer without leading zeros');
  }
  const root = decodeBase64Strict(rootText, 32);
  if (!root) throw new CheckpointFormatError('note root hash must be padded standard base64 of 32 bytes');
  return { origin, treeSize, rootHash: toHex(root) };
}

/** A fresh Ed25519 private key. */
export function generateSigningKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

/**
 * Loads an Ed25519 private key from the `AUDIT_SIGNING_KEY` format: standard base64 of the 32-byte
 * seed, or a PKCS#8 PEM. Surrounding whitespace (a trailing newline from a file) is ignored.
 */
export function loadSigningKey(value: string): KeyObject {
  const text = value.trim();
  if (text.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: text, format: 'pem' });
    } catch {
      throw new SigningKeyError('signing key PEM could not be parsed');
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError('signing key must be Ed25519');
    return key;
  }
  const seed = decodeBase64Strict(text, ED25519_KEY_SIZE);
  if (!seed)
    throw new SigningKeyError('signing key must be standard base64 of a 32-byte Ed25519 seed, or a PEM');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Exports a private key in the `AUDIT_SIGNING_KEY` format (standard base64 of the 32-byte seed). */
export function exportSigningKey(key: KeyObject): string {
  assertEd25519(key, 'private');
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return toBase64(der.subarray(der.length - ED25519_KEY_SIZE));
}

/**
 * Standard base64 of the raw 32-byte public key (what `Query.auditPublicKey` serves), from a private
 * or public key: the last 32 bytes of its SPKI DER encoding.
 */
export function publicKeyBase64(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  assertEd25519(publicKey, 'public');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return toBase64(der.subarray(der.length - ED25519_KEY_SIZE));
}

/** A public key from standard base64 of its raw 32 bytes; throws {@link SigningKeyError} otherwise. */
export function publicKeyFromBase64(publicKeyB64: string): KeyObject {
  const raw = decodeBase64Strict(publicKeyB64, ED25519_KEY_SIZE);
  if (!raw) throw new SigningKeyError('public key must be standard base64 of 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * A short stable identifier of a public key: the first 16 lowercase hex characters (8 bytes) of
 * SHA-256 over the raw 32-byte public key. Accepts the key as base64 (the served form), raw bytes or a
 * KeyObject (private or public). It names the key in logs and checkpoint metadata; it is not a
 * security boundary (verification always uses the full key).
 */
export function keyId(publicKey: string | Uint8Array | KeyObject): string {
  let raw: Uint8Array | null;
  if (typeof publicKey === 'string') raw = decodeBase64Strict(publicKey, ED25519_KEY_SIZE);
  else if (publicKey instanceof Uint8Array) raw = publicKey.length === ED25519_KEY_SIZE ? publicKey : null;
  else raw = Buffer.from(publicKeyBase64(publicKey), 'base64');
  if (!raw) throw new SigningKeyError('public key must be 32 bytes');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/**
 * Signs a checkpoint note; returns standard base64 of the raw 64-byte signature. The note is parsed
 * first, so the log key never signs anything but a well-formed checkpoint (it is not a general
 * signing oracle).
 */
export function signCheckpoint(note: string, key: KeyObject): string {
  parseNote(note);
  assertEd25519(key, 'private');
  return toBase64(sign(null, Buffer.from(note, 'utf8'), key));
}

/**
 * True when `signatureB64` is a valid Ed25519 signature over the UTF-8 bytes of `note` by the key
 * `publicKeyB64` (both standard base64 of the raw bytes). Never throws; any malformed input is false.
 * Checks the signature only; use {@link parseNote} for the content.
 */
export function verifyCheckpoint(note: string, signatureB64: string, publicKeyB64: string): boolean {
  if (typeof note !== 'string') return false;
  const signature = decodeBase64Strict(signatureB64, ED25519_SIGNATURE_SIZE);
  if (!signature) return false;
  let publicKey: KeyObject;
  try {
    publicKey = publicKeyFromBase64(publicKeyB64);
  } catch {
    return false;
  }
  try {
    return verify(null, Buffer.from(note, 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

/** Builds and signs the checkpoint for a tree size and root hash (hex or bytes). */
export function createCheckpoint(input: {
  origin?: string;
  treeSize: number;
  rootHash: string | Uint8Array;
  key: KeyObject;
}): SignedCheckpoint {
  const note = formatCheckpointNote(input);
  const fields = parseNote(note);
  return { ...fields, note, signature: signCheckpoint(note, input.key), keyId: keyId(input.key) };
}

function assertEd25519(key: KeyObject, type: 'private' | 'public'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`expected an Ed25519 ${type} key`);
  }
}
