import { createHash } from 'node:crypto';
import { decodeLowerHex, toHex } from './encoding';

/**
 * RFC 6962 / RFC 9162 §2.1 hashing with SHA-256. Leaves and interior nodes get different one-byte
 * prefixes (0x00 and 0x01) so that a leaf can never be passed off as an interior node (second-preimage
 * resistance of the tree). Hashes are Buffers inside the domain and lowercase hex at the API edge
 * (`toHex` / `hashFromHex`).
 */

/** Bytes in a SHA-256 hash, the only hash this log uses. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/**
 * Leaf hash `SHA-256(0x00 ‖ data)`. A string is hashed as its UTF-8 bytes, so the canonical JSON of an
 * audit entry can be passed directly.
 */
export function leafHash(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return createHash('sha256').update(LEAF_PREFIX).update(bytes).digest();
}

/** Interior node hash `SHA-256(0x01 ‖ left ‖ right)`; both children must be 32-byte hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  assertHash(left, 'left child');
  assertHash(right, 'right child');
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** Root of the empty tree: `MTH({}) = SHA-256()` (RFC 9162 §2.1.1). */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

/**
 * The Merkle Tree Hash of a list of leaf hashes, computed straight from the recursive definition in
 * RFC 9162 §2.1.1 (split at the largest power of two smaller than n). O(n): it is the reference the
 * stored-node log is tested against, and lets a client recompute a root from a full list of leaves.
 */
export function merkleTreeHash(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return emptyRoot();
  leafHashes.forEach((hash, i) => assertHash(hash, `leaf hash ${i}`));
  const mth = (start: number, end: number): Buffer => {
    if (end - start === 1) return Buffer.from(leafHashes[start]);
    const k = largestPowerOfTwoBelow(end - start);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  return mth(0, leafHashes.length);
}

/**
 * The largest power of two strictly smaller than `n` (n ≥ 2): the split point of RFC 9162's MTH, PATH
 * and SUBPROOF. Arithmetic rather than bit operators, because JavaScript bit operators truncate to
 * 32 bits and tree sizes may exceed 2^32.
 */
export function largestPowerOfTwoBelow(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) {
    throw new RangeError(`largestPowerOfTwoBelow: n must be ≥ 2, got ${n}`);
  }
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Lowercase hex of a hash, the form every hash takes in the API (contract "Output shapes"). */
export function hashToHex(hash: Uint8Array): string {
  assertHash(hash, 'hash');
  return toHex(hash);
}

/** Parses a 64-character lowercase hex hash; throws a `TypeError` on anything else. */
export function hashFromHex(hex: string): Buffer {
  const bytes = decodeLowerHex(hex, HASH_SIZE);
  if (!bytes) throw new TypeError('expected a SHA-256 hash as 64 lowercase hex characters');
  return bytes;
}

/** True for a 64-character lowercase hex string. */
export function isHashHex(value: unknown): value is string {
  return typeof value === 'string' && decodeLowerHex(value, HASH_SIZE) !== null;
}

function assertHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw new TypeError(`${what} must be ${HASH_SIZE} bytes`);
  }
}
