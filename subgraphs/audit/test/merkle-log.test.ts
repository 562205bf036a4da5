import fc from 'fast-check';
import {
  AppendConflictError,
  appendLeaves,
  consistencyProof,
  InMemoryNodeStore,
  inclusionProof,
  inclusionProofs,
  leafHash,
  merkleTreeHash,
  MerkleStoreError,
  ProofRangeError,
  rootAt,
  verifyConsistency,
  verifyInclusion,
  type MerkleNodeStore,
  type NodeId,
  type StoredNode,
} from '../src/domain';

const leaves = (n: number, salt = ''): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash(`${salt}leaf-${i}`));

async function logOf(
  hashes: readonly Buffer[],
  batches: readonly number[] = [hashes.length],
): Promise<InMemoryNodeStore> {
  const store = new InMemoryNodeStore();
  let at = 0;
  for (const size of batches) {
    const next = Math.min(hashes.length, at + size);
    expect(await appendLeaves(store, hashes.slice(at, next))).toBe(next);
    at = next;
  }
  if (at < hashes.length) await appendLeaves(store, hashes.slice(at));
  return store;
}

function flipBit(hash: Buffer, bit: number): Buffer {
  const copy = Buffer.from(hash);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

/** A tree size n with m ≤ n (both ≥ 1). */
const sizes = (max: number) =>
  fc
    .integer({ min: 1, max })
    .chain((n) => fc.record({ n: fc.constant(n), m: fc.integer({ min: 1, max: n }) }));

describe('Merkle log over stored perfect subtrees', () => {
  it('gives the naive RFC 9162 MTH at every size, whatever the append batching', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 6 }),
        async (batches) => {
          const hashes = leaves(batches.reduce((a, b) => a + b, 0));
          const store = await logOf(hashes, batches);
          for (let m = 0; m <= hashes.length; m += 1) {
            expect((await rootAt(store, m)).equals(merkleTreeHash(hashes.slice(0, m)))).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('proves every leaf of a random past size against that size’s root', async () => {
    await fc.assert(
      fc.asyncProperty(sizes(300), async ({ n, m }) => {
        const hashes = leaves(n);
        const store = await logOf(hashes);
        const root = merkleTreeHash(hashes.slice(0, m));
        const proofs = await inclusionProofs(
          store,
          Array.from({ length: m }, (_, i) => i),
          m,
        );
        proofs.forEach((proof, i) => expect(verifyInclusion(hashes[i], i, m, proof, root)).toBe(true));
      }),
      { numRuns: 25 },
    );
  });

  it('proves consistency for any 1 ≤ m ≤ n′ ≤ n', async () => {
    await fc.assert(
      fc.asyncProperty(
        sizes(300).chain(({ n, m }) =>
          fc.record({ n: fc.constant(n), to: fc.constant(m), from: fc.integer({ min: 1, max: m }) }),
        ),
        async ({ n, from, to }) => {
          const hashes = leaves(n);
          const store = await logOf(hashes);
          const proof = await consistencyProof(store, from, to);
          const fromRoot = merkleTreeHash(hashes.slice(0, from));
          const toRoot = merkleTreeHash(hashes.slice(0, to));
          expect(verifyConsistency(from, to, fromRoot, toRoot, proof)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('verifies exhaustively in a 33-leaf log (all sizes, leaves and size pairs)', async () => {
    const hashes = leaves(33, 'x');
    const store = await logOf(hashes, [1, 2, 3, 5, 8, 13]);
    const roots = await Promise.all(Array.from({ length: 34 }, (_, m) => rootAt(store, m)));
    for (let m = 1; m <= 33; m += 1) {
      for (let i = 0; i < m; i += 1) {
        expect(verifyInclusion(hashes[i], i, m, await inclusionProof(store, i, m), roots[m])).toBe(true);
      }
      for (let from = 1; from <= m; from += 1) {
        expect(
          verifyConsistency(from, m, roots[from], roots[m], await consistencyProof(store, from, m)),
        ).toBe(true);
      }
    }
  });

  it('fails inclusion when any bit of the proof, leaf or root flips', async () => {
    const hashes = leaves(300);
    const store = await logOf(hashes);
    await fc.assert(
      fc.asyncProperty(
        sizes(300).chain(({ m }) =>
          fc.record({
            m: fc.constant(m),
            i: fc.integer({ min: 0, max: m - 1 }),
            target: fc.nat(),
            bit: fc.integer({ min: 0, max: 255 }),
          }),
        ),
        async ({ m, i, target, bit }) => {
          const proof = await inclusionProof(store, i, m);
          const root = await rootAt(store, m);
          // Targets: each proof element, then the leaf, then the root.
          const slot = target % (proof.length + 2);
          if (slot < proof.length) {
            const tampered = proof.map((h, k) => (k === slot ? flipBit(h, bit) : h));
            expect(verifyInclusion(hashes[i], i, m, tampered, root)).toBe(false);
          } else if (slot === proof.length) {
            expect(verifyInclusion(flipBit(hashes[i], bit), i, m, proof, root)).toBe(false);
          } else {
            expect(verifyInclusion(hashes[i], i, m, proof, flipBit(root, bit))).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fails consistency when any bit of the proof or either root flips', async () => {
    const hashes = leaves(300);
    const store = await logOf(hashes);
    await fc.assert(
      fc.asyncProperty(
        sizes(300).chain(({ m }) =>
          fc.record({
            to: fc.constant(m),
            from: fc.integer({ min: 1, max: m }),
            target: fc.nat(),
            bit: fc.integer({ min: 0, max: 255 }),
          }),
        ),
        async ({ from, to, target, bit }) => {
          const proof = await consistencyProof(store, from, to);
          const r1 = await rootAt(store, from);
          const r2 = await rootAt(store, to);
          const slot = target % (proof.length + 2);
          if (slot < proof.length) {
            const tampered = proof.map((h, k) => (k === slot ? flipBit(h, bit) : h));
            expect(verifyConsistency(from, to, r1, r2, tampered)).toBe(false);
          } else if (slot === proof.length) {
            expect(verifyConsistency(from, to, flipBit(r1, bit), r2, proof)).toBe(false);
          } else {
            expect(verifyConsistency(from, to, r1, flipBit(r2, bit), proof)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not accept a proof for one leaf as a proof for another', async () => {
    const hashes = leaves(300);
    const store = await logOf(hashes);
    await fc.assert(
      fc.asyncProperty(
        // m ≥ 2 so that two distinct leaves exist (a filter that can never pass would spin forever).
        fc
          .integer({ min: 2, max: 300 })
          .chain((m) =>
            fc
              .record({ m: fc.constant(m), i: fc.nat(m - 1), j: fc.nat(m - 1) })
              .filter(({ i, j }) => i !== j),
          ),
        async ({ m, i, j }) => {
          const root = await rootAt(store, m);
          const proof = await inclusionProof(store, i, m);
          expect(verifyInclusion(hashes[j], i, m, proof, root)).toBe(false);
          expect(verifyInclusion(hashes[i], j, m, proof, root)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Merkle log range checks', () => {
  let store: InMemoryNodeStore;
  beforeAll(async () => {
    store = await logOf(leaves(10));
  });

  it.each([
    ['index = size', () => inclusionProof(store, 5, 5)],
    ['index > size', () => inclusionProof(store, 7, 5)],
    ['size beyond the log', () => inclusionProof(store, 0, 11)],
    ['size 0', () => inclusionProof(store, 0, 0)],
    ['negative index', () => inclusionProof(store, -1, 5)],
    ['fractional index', () => inclusionProof(store, 1.5, 5)],
    ['NaN size', () => inclusionProof(store, 0, Number.NaN)],
    ['root beyond the log', () => rootAt(store, 11)],
    ['negative root size', () => rootAt(store, -1)],
    ['consistency from > to', () => consistencyProof(store, 6, 5)],
    ['consistency from 0', () => consistencyProof(store, 0, 5)],
    ['consistency beyond the log', () => consistencyProof(store, 3, 11)],
  ])('rejects %s with ProofRangeError (BAD_USER_INPUT)', async (_, call) => {
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProofRangeError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', name: 'ProofRangeError' });
  });

  it('serves the empty tree and trivial proofs', async () => {
    const empty = new InMemoryNodeStore();
    expect((await rootAt(empty, 0)).toString('hex')).toBe(merkleTreeHash([]).toString('hex'));
    expect(await consistencyProof(store, 4, 4)).toEqual([]);
    expect(await appendLeaves(store, [])).toBe(10);
  });

  it('refuses an append built for another size, writing nothing', async () => {
    const local = await logOf(leaves(3));
    await expect(appendLeaves(local, leaves(1), { expectedSize: 2 })).rejects.toBeInstanceOf(
      AppendConflictError,
    );
    expect(await local.size()).toBe(3);
    expect(await appendLeaves(local, leaves(1, 'y'), { expectedSize: 3 })).toBe(4);
  });

  it('rejects leaf hashes that are not 32 bytes', async () => {
    await expect(appendLeaves(new InMemoryNodeStore(), [Buffer.alloc(31)])).rejects.toThrow(TypeError);
  });

  it('reports a store that lost a node as corruption, not user error', async () => {
    const broken: MerkleNodeStore = {
      getNodes: async () => new Map(),
      putNodes: async () => undefined,
      size: async () => 4,
    };
    await expect(rootAt(broken, 3)).rejects.toBeInstanceOf(MerkleStoreError);
  });
});

/** Wraps a store and records every getNodes call, to count reads. */
class CountingStore implements MerkleNodeStore {
  readonly reads: number[] = [];
  writes = 0;
  constructor(private readonly inner: MerkleNodeStore) {}
  getNodes(ids: readonly NodeId[]): Promise<Map<string, Buffer>> {
    this.reads.push(ids.length);
    return this.inner.getNodes(ids);
  }
  putNodes(nodes: readonly StoredNode[]): Promise<void> {
    this.writes += nodes.length;
    return this.inner.putNodes(nodes);
  }
  size(): Promise<number> {
    return this.inner.size();
  }
  reset(): void {
    this.reads.length = 0;
    this.writes = 0;
  }
}

describe('Merkle log read cost (counts, not time)', () => {
  const N = 100_000;
  const bound = (n: number) => 2 * Math.log2(n) + 2;
  let store: CountingStore;
  let hashes: Buffer[];

  beforeAll(async () => {
    hashes = leaves(N);
    store = new CountingStore(new InMemoryNodeStore());
    for (let at = 0; at < N; at += 5_000) await appendLeaves(store, hashes.slice(at, at + 5_000));
  });

  it('stores 2n − popcount(n) nodes in total (amortised O(1) writes per leaf)', () => {
    const popcount = N.toString(2).replace(/0/g, '').length;
    expect(store.writes).toBe(2 * N - popcount);
  });

  it('reads O(log n) nodes in one getNodes call per root or proof', async () => {
    const samples: [number, number][] = [
      [0, N],
      [N - 1, N],
      [54_321, N],
      [65_535, N],
      [65_536, N],
      [12_345, 99_999],
      [77_777, 81_921],
    ];
    for (const [index, size] of samples) {
      store.reset();
      const proof = await inclusionProof(store, index, size);
      expect(store.reads).toHaveLength(1);
      expect(store.reads[0]).toBeLessThanOrEqual(bound(size));
      store.reset();
      const root = await rootAt(store, size);
      expect(store.reads).toHaveLength(1);
      expect(store.reads[0]).toBeLessThanOrEqual(Math.log2(size) + 1);
      expect(verifyInclusion(hashes[index], index, size, proof, root)).toBe(true);
    }
    for (const [from, to] of [
      [1, N],
      [65_536, N],
      [77_777, 99_999],
      [N - 1, N],
      [3, 99_997],
    ]) {
      store.reset();
      const proof = await consistencyProof(store, from, to);
      expect(store.reads).toHaveLength(1);
      expect(store.reads[0]).toBeLessThanOrEqual(bound(to));
      expect(verifyConsistency(from, to, await rootAt(store, from), await rootAt(store, to), proof)).toBe(
        true,
      );
    }
  });

  it('appends one leaf with at most ⌈log2 n⌉ reads and writes', async () => {
    const local = new CountingStore(new InMemoryNodeStore());
    await appendLeaves(local, hashes.slice(0, 65_535));
    local.reset();
    await appendLeaves(local, [hashes[65_535]]);
    expect(local.reads).toEqual([16]);
    expect(local.writes).toBe(17);
  });
});
