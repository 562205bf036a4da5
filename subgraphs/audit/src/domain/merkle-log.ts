import { emptyRoot, HASH_SIZE, largestPowerOfTwoBelow, nodeHash } from './merkle';
import { nodeKey, type MerkleNodeStore, type NodeId, type StoredNode } from './node-store';

/**
 * An append-only RFC 9162 Merkle log over a {@link MerkleNodeStore}.
 *
 * Every tree hash RFC 9162 needs — the root MTH(D[n]), and each element of PATH (inclusion) and
 * SUBPROOF (consistency) — is the MTH of a leaf range [a, b) produced by the RFC's recursion, which
 * always splits a range at the largest power of two below its size. Such a range starts at a multiple
 * of the power of two ≥ its size, so it decomposes into the perfect subtrees given by the binary digits
 * of b − a (largest first), and its MTH is those subtrees' hashes folded from the right. The log
 * therefore plans a root or proof as a list of ranges, reads all of their perfect subtrees in ONE
 * `getNodes` call (O(log n) nodes), and folds. Appending writes only newly completed perfect subtrees
 * (amortised two nodes per leaf).
 *
 * Writers must be serialised (one appender at a time, e.g. a row lock on the tree head in the
 * transaction that inserts the entries): `appendLeaves` reads the size and then writes after it.
 */

/**
 * A root or proof was asked for a range the log cannot serve (index ≥ size, size > current size,
 * fromSize > toSize, sizes that are not non-negative integers, ...). The caller's fault: `code` is the
 * platform's `BAD_USER_INPUT`.
 */
export class ProofRangeError extends Error {
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ProofRangeError';
  }
}

/**
 * `appendLeaves` was told the log had `expectedSize` leaves but it has another number: a concurrent
 * writer got there first, and the leaves (whose content includes their index) must be rebuilt.
 */
export class AppendConflictError extends Error {
  readonly code = 'CONFLICT' as const;
  constructor(
    readonly expectedSize: number,
    readonly actualSize: number,
  ) {
    super(`Merkle log has ${actualSize} leaves, expected ${expectedSize}`);
    this.name = 'AppendConflictError';
  }
}

/**
 * The store is missing a node that must exist for the current size, or returned a malformed hash:
 * storage corruption or a bug, never the caller's fault (an internal error, not user input).
 */
export class MerkleStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MerkleStoreError';
  }
}

/** Options for {@link appendLeaves}. */
export interface AppendOptions {
  /**
   * The size the caller built the leaves for (audit leaves contain their own index). When given and the
   * log has a different size, nothing is written and {@link AppendConflictError} is thrown.
   */
  expectedSize?: number;
}

/**
 * Appends leaf hashes (32-byte SHA-256 leaf hashes, e.g. from `leafHash`) and stores every perfect
 * subtree they complete, with one `getNodes` (the current right edge of the tree) and one `putNodes`
 * for the whole batch. Returns the new tree size.
 */
export async function appendLeaves(
  store: MerkleNodeStore,
  leafHashes: readonly Uint8Array[],
  options: AppendOptions = {},
): Promise<number> {
  leafHashes.forEach((hash, i) => {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
      throw new TypeError(`appendLeaves: leaf hash ${i} must be ${HASH_SIZE} bytes`);
    }
  });
  const size = await currentSize(store);
  if (options.expectedSize !== undefined && options.expectedSize !== size) {
    throw new AppendConflictError(options.expectedSize, size);
  }
  if (leafHashes.length === 0) return size;
  if (!Number.isSafeInteger(size + leafHashes.length)) {
    throw new RangeError('appendLeaves: tree size would exceed Number.MAX_SAFE_INTEGER');
  }

  // The right edge ("frontier") of the tree: the perfect subtrees of [0, size), largest first. New
  // leaves only ever merge with these, so they are the only nodes an append has to read.
  const frontierIds = perfectSubtrees(0, size);
  const fetched = frontierIds.length > 0 ? await store.getNodes(frontierIds) : new Map<string, Buffer>();
  const stack: StoredNode[] = frontierIds.map((id) => ({ ...id, hash: lookup(fetched, id) }));

  const written: StoredNode[] = [];
  leafHashes.forEach((hash, offset) => {
    let node: StoredNode = { level: 0, index: size + offset, hash: Buffer.from(hash) };
    written.push(node);
    // The stack's levels strictly decrease towards the top, so equal levels mean a completed pair.
    for (let top = stack.at(-1); top !== undefined && top.level === node.level; top = stack.at(-1)) {
      stack.pop();
      node = { level: node.level + 1, index: top.index / 2, hash: nodeHash(top.hash, node.hash) };
      written.push(node);
    }
    stack.push(node);
  });
  await store.putNodes(written);
  return size + leafHashes.length;
}

/**
 * The root hash MTH(D[treeSize]) for any `treeSize` from 0 (the empty-tree hash) to the current size.
 * Reads at most ⌈log2 n⌉+1 nodes.
 */
export async function rootAt(store: MerkleNodeStore, treeSize: number): Promise<Buffer> {
  assertSize(treeSize, 'treeSize');
  await assertWithinLog(store, treeSize);
  if (treeSize === 0) return emptyRoot();
  const [root] = await resolveRanges(store, [{ start: 0, end: treeSize }]);
  return root;
}

/**
 * The RFC 9162 §2.1.3.1 inclusion proof (audit path) of leaf `index` in the tree of size `treeSize`,
 * ordered from the leaf's sibling up to the root's child. Requires 0 ≤ index < treeSize ≤ current size.
 */
export async function inclusionProof(
  store: MerkleNodeStore,
  index: number,
  treeSize: number,
): Promise<Buffer[]> {
  const [proof] = await inclusionProofs(store, [index], treeSize);
  return proof;
}

/**
 * Inclusion proofs for several leaves of the same tree size with a single `getNodes` call (for a page
 * of audit entries served with their proofs). Same rules and order as {@link inclusionProof}.
 */
export async function inclusionProofs(
  store: MerkleNodeStore,
  indices: readonly number[],
  treeSize: number,
): Promise<Buffer[][]> {
  assertSize(treeSize, 'treeSize');
  for (const index of indices) {
    assertSize(index, 'index');
    if (index >= treeSize) {
      throw new ProofRangeError(`index ${index} is not in a tree of size ${treeSize}`);
    }
  }
  await assertWithinLog(store, treeSize);
  const plans = indices.map((index) => inclusionRanges(index, treeSize));
  const flat = await resolveRanges(store, plans.flat());
  let at = 0;
  return plans.map((plan) => {
    const proof = flat.slice(at, at + plan.length);
    at += plan.length;
    return proof;
  });
}

/**
 * The RFC 9162 §2.1.4.1 consistency proof between tree sizes `fromSize` and `toSize`
 * (1 ≤ fromSize ≤ toSize ≤ current size). Equal sizes give an empty proof, as in the RFC.
 *
 * `fromSize` 0 is rejected: the RFC defines PROOF(m, D[n]) only for 0 < m, and the empty tree is a
 * prefix of every tree, so there is nothing to prove (a verifier accepts an empty previous tree
 * without a proof; see `verifyLogSnapshot`).
 */
export async function consistencyProof(
  store: MerkleNodeStore,
  fromSize: number,
  toSize: number,
): Promise<Buffer[]> {
  assertSize(fromSize, 'fromSize');
  assertSize(toSize, 'toSize');
  if (fromSize === 0) {
    throw new ProofRangeError('fromSize must be at least 1: the empty tree is consistent with every tree');
  }
  if (fromSize > toSize) throw new ProofRangeError(`fromSize ${fromSize} is larger than toSize ${toSize}`);
  await assertWithinLog(store, toSize);
  if (fromSize === toSize) return [];
  return resolveRanges(store, consistencyRanges(fromSize, toSize));
}

/** A leaf range [start, end) whose MTH is one element of a root or proof. */
interface LeafRange {
  start: number;
  end: number;
}

/**
 * PATH(m, D[n]) of RFC 9162 §2.1.3.1 as leaf ranges: walk down from the root, and at each split the
 * half that does not contain the leaf is one proof element. Collected top-down, returned leaf-first.
 */
function inclusionRanges(index: number, treeSize: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
    }
  }
  return ranges.reverse();
}

/**
 * SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1 as leaf ranges (0 < m < n). `complete` is the RFC's
 * flag b: it turns false once the walk enters a right subtree, and then the old tree's last perfect
 * subtree must itself be part of the proof. Collected top-down, returned deepest-first.
 */
function consistencyRanges(fromSize: number, toSize: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = toSize;
  let m = fromSize;
  let complete = true;
  for (;;) {
    const size = end - start;
    if (m === size) {
      if (!complete) ranges.push({ start, end });
      break;
    }
    const k = largestPowerOfTwoBelow(size);
    if (m <= k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
      complete = false;
    }
  }
  return ranges.reverse();
}

/**
 * The perfect subtrees of an aligned range [start, end), largest first: one per binary digit of
 * end − start. Alignment (start is a multiple of every chunk it begins) holds for all ranges the RFC
 * recursion produces, and for [0, n).
 */
function perfectSubtrees(start: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let remaining = end - start;
  let position = start;
  // Largest power of two ≤ remaining, then every smaller one; plain arithmetic because sizes may
  // exceed the 32 bits JavaScript's bit operators work on.
  let width = 1;
  let level = 0;
  while (width * 2 <= remaining) {
    width *= 2;
    level += 1;
  }
  for (; remaining > 0; level -= 1, width /= 2) {
    if (remaining >= width) {
      ids.push({ level, index: position / width });
      position += width;
      remaining -= width;
    }
  }
  return ids;
}

/** Reads every perfect subtree of every range in one `getNodes` call and folds each range to its MTH. */
async function resolveRanges(store: MerkleNodeStore, ranges: readonly LeafRange[]): Promise<Buffer[]> {
  const perRange = ranges.map((range) => perfectSubtrees(range.start, range.end));
  const unique = new Map<string, NodeId>();
  for (const id of perRange.flat()) unique.set(nodeKey(id.level, id.index), id);
  const fetched = unique.size > 0 ? await store.getNodes([...unique.values()]) : new Map<string, Buffer>();
  return perRange.map((ids) => {
    // MTH of an aligned range = its perfect subtrees folded from the right (the RFC splits off the
    // largest power of two first, so the left child is always the leftmost remaining subtree).
    let hash = lookup(fetched, ids[ids.length - 1]);
    for (let i = ids.length - 2; i >= 0; i -= 1) hash = nodeHash(lookup(fetched, ids[i]), hash);
    return hash;
  });
}

function lookup(nodes: Map<string, Buffer>, id: NodeId): Buffer {
  const hash = nodes.get(nodeKey(id.level, id.index));
  if (!hash)
    throw new MerkleStoreError(`Merkle node ${nodeKey(id.level, id.index)} is missing from the store`);
  if (hash.length !== HASH_SIZE) {
    throw new MerkleStoreError(`Merkle node ${nodeKey(id.level, id.index)} is not a ${HASH_SIZE}-byte hash`);
  }
  return hash;
}

async function currentSize(store: MerkleNodeStore): Promise<number> {
  const size = await store.size();
  if (!Number.isSafeInteger(size) || size < 0) throw new MerkleStoreError(`store reported size ${size}`);
  return size;
}

async function assertWithinLog(store: MerkleNodeStore, treeSize: number): Promise<void> {
  const size = await currentSize(store);
  if (treeSize > size)
    throw new ProofRangeError(`tree size ${treeSize} is larger than the log (${size} entries)`);
}

function assertSize(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ProofRangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}
