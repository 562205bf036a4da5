import { createHash } from 'node:crypto';
import { decodeLowerHex } from './encoding';

/**
 * Pure verifiers of RFC 9162 proofs, written from the RFC's iterative algorithms (§2.1.3.2 and
 * §2.1.4.2), which walk the bits of the leaf index and tree sizes. The generator in `merkle-log.ts`
 * follows the recursive definitions instead; the two share no code (not even the node hash function),
 * so a mistake in one is caught by the other rather than reproduced.
 *
 * Verifiers never throw: malformed input (a hash that is not 32 bytes or 64 lowercase hex characters,
 * a size that is not a non-negative safe integer) simply fails verification.
 */

/** A hash as 32 bytes or as 64 lowercase hex characters (the API form). */
export type HashInput = Uint8Array | string;

/**
 * RFC 9162 §2.1.3.2: does `proof` show that the leaf with hash `leafHash` is at `index` in the tree of
 * size `treeSize` whose root is `root`?
 */
export function verifyInclusion(
  leafHash: HashInput,
  index: number,
  treeSize: number,
  proof: readonly HashInput[],
  root: HashInput,
): boolean {
  const leaf = asHash(leafHash);
  const expected = asHash(root);
  const path = asHashes(proof);
  if (!leaf || !expected || !path) return false;
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false;

  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false; // More proof elements than the tree has levels.
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      // The node is the last one on its level with no right sibling: climb the levels where it is
      // promoted unchanged (RFC step 4.b.ii).
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(expected);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of size `fromSize` with root `fromRoot` is a prefix
 * of the tree of size `toSize` with root `toRoot`?
 *
 * Equal sizes verify only with an empty proof and equal roots. `fromSize` 0 always fails: the RFC
 * defines consistency proofs for 0 < first, and the generator refuses it too; a caller that holds an
 * empty-tree checkpoint needs no proof (the empty tree is a prefix of every tree).
 */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: HashInput,
  toRoot: HashInput,
  proof: readonly HashInput[],
): boolean {
  const first = asHash(fromRoot);
  const second = asHash(toRoot);
  const given = asHashes(proof);
  if (!first || !second || !given) return false;
  if (!isSize(fromSize) || !isSize(toSize) || fromSize < 1 || fromSize > toSize) return false;
  if (fromSize === toSize) return given.length === 0 && first.equals(second);
  if (given.length === 0) return false;

  // When the old tree is a perfect subtree its root is not sent; the walk starts from it (RFC step 2).
  const path = isPowerOfTwo(fromSize) ? [first, ...given] : given;
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(first) && sr.equals(second);
}

// Deliberately not merkle.ts's nodeHash: see the module comment.
function hashChildren(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0x01]))
    .update(left)
    .update(right)
    .digest();
}

function asHash(value: HashInput): Buffer | null {
  if (typeof value === 'string') return decodeLowerHex(value, 32);
  if (value instanceof Uint8Array && value.length === 32) return Buffer.from(value);
  return null;
}

function asHashes(values: readonly HashInput[]): Buffer[] | null {
  if (!Array.isArray(values)) return null;
  const hashes: Buffer[] = [];
  for (const value of values) {
    const hash = asHash(value);
    if (!hash) return null;
    hashes.push(hash);
  }
  return hashes;
}

function isSize(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

// Division rather than bit operators: those truncate to 32 bits, and tree sizes may not.
function isOdd(value: number): boolean {
  return value % 2 === 1;
}

function half(value: number): number {
  return Math.floor(value / 2);
}

function isPowerOfTwo(value: number): boolean {
  let v = value;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}
