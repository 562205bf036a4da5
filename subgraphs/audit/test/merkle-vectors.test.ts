import {
  appendLeaves,
  consistencyProof,
  emptyRoot,
  hashToHex,
  InMemoryNodeStore,
  inclusionProof,
  leafHash,
  merkleTreeHash,
  nodeHash,
  rootAt,
  verifyConsistency,
  verifyInclusion,
} from '../src/domain';

/*
 * Known-answer vectors of the RFC 6962 reference tree used by Certificate Transparency, copied as data
 * from transparency-dev/merkle (Apache-2.0): leaf inputs, node hashes and roots from
 * `testonly/constants.go` (LeafInputs, NodeHashes, RootHashes), proofs from `proof/verify_test.go`
 * (inclusionProofs, consistencyProofs; their leaf numbers are 1-based, converted to 0-based indices
 * here). The same vectors originate in google/certificate-transparency's merkle_tree_test.
 */
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

// NODE_HASHES[level][index]: every perfect subtree of the 8-leaf tree.
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

// ROOTS[size] for sizes 0..8 (size 0 is SHA-256 of nothing).
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const INCLUSION = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY = [
  { from: 1, to: 1, proof: [] },
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    from: 6,
    to: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const SOME_HASH = 'abacaba000000000000000000000000000000000000000000060061e00123456';
const EMPTY_TREE = ROOTS[0];

const hex = (buffers: Buffer[]): string[] => buffers.map((b) => b.toString('hex'));
const leafHashes = LEAF_INPUTS.map((input) => leafHash(Buffer.from(input, 'hex')));

async function referenceTree(): Promise<InMemoryNodeStore> {
  const store = new InMemoryNodeStore();
  await appendLeaves(store, leafHashes);
  return store;
}

function flipBit(hash: string, bit: number): string {
  const bytes = Buffer.from(hash, 'hex');
  bytes[bit >> 3] ^= 1 << (bit & 7);
  return bytes.toString('hex');
}

describe('RFC 6962 reference tree (Certificate Transparency vectors)', () => {
  it('hashes leaves and nodes as the reference does', () => {
    expect(leafHashes.map(hashToHex)).toEqual(NODE_HASHES[0]);
    const n = (h: string) => Buffer.from(h, 'hex');
    expect(nodeHash(n(NODE_HASHES[0][0]), n(NODE_HASHES[0][1])).toString('hex')).toBe(NODE_HASHES[1][0]);
    expect(nodeHash(n(NODE_HASHES[2][0]), n(NODE_HASHES[2][1])).toString('hex')).toBe(NODE_HASHES[3][0]);
    expect(emptyRoot().toString('hex')).toBe(EMPTY_TREE);
  });

  it('stores exactly the perfect subtrees of the reference tree', async () => {
    const store = await referenceTree();
    expect(store.nodeCount).toBe(15);
    const ids = NODE_HASHES.flatMap((level, l) => level.map((_, index) => ({ level: l, index })));
    const nodes = await store.getNodes(ids);
    for (const { level, index } of ids) {
      expect(nodes.get(`${level}:${index}`)?.toString('hex')).toBe(NODE_HASHES[level][index]);
    }
  });

  it('computes the root of every size 0..8, stored and naive', async () => {
    const store = await referenceTree();
    for (let size = 0; size <= 8; size += 1) {
      expect((await rootAt(store, size)).toString('hex')).toBe(ROOTS[size]);
      expect(merkleTreeHash(leafHashes.slice(0, size)).toString('hex')).toBe(ROOTS[size]);
    }
  });

  it('builds the same roots when leaves arrive one at a time', async () => {
    const store = new InMemoryNodeStore();
    for (let size = 1; size <= 8; size += 1) {
      expect(await appendLeaves(store, [leafHashes[size - 1]])).toBe(size);
      expect((await rootAt(store, size)).toString('hex')).toBe(ROOTS[size]);
    }
  });

  it.each(INCLUSION)('generates and verifies inclusion proof of leaf $index in tree $size', async (v) => {
    const store = await referenceTree();
    expect(hex(await inclusionProof(store, v.index, v.size))).toEqual(v.proof);
    expect(verifyInclusion(leafHashes[v.index], v.index, v.size, v.proof, ROOTS[v.size])).toBe(true);
  });

  it.each(CONSISTENCY)('generates and verifies consistency proof $from → $to', async (v) => {
    const store = await referenceTree();
    expect(hex(await consistencyProof(store, v.from, v.to))).toEqual(v.proof);
    expect(verifyConsistency(v.from, v.to, ROOTS[v.from], ROOTS[v.to], v.proof)).toBe(true);
  });

  // The corruptions transparency-dev's verifier tests apply to each known-good proof.
  it.each(INCLUSION.filter((v) => v.size > 1))(
    'rejects every corruption of inclusion proof $index/$size',
    ({ index, size, proof }) => {
      const root = ROOTS[size];
      const leaf = leafHashes[index].toString('hex');
      const probes: [string, number, number, string[], string, string | Buffer][] = [
        ['index - 1', index - 1, size, proof, root, leaf],
        ['index + 1', index + 1, size, proof, root, leaf],
        ['index ^ 2', index ^ 2, size, proof, root, leaf],
        ['size * 2', index, size * 2, proof, root, leaf],
        ['size / 2', index, Math.floor(size / 2), proof, root, leaf],
        ['wrong leaf', index, size, proof, root, Buffer.from('WrongLeaf')],
        ['other leaf', index, size, proof, root, SOME_HASH],
        ['empty root', index, size, proof, EMPTY_TREE, leaf],
        ['random root', index, size, proof, SOME_HASH, leaf],
        ['trailing garbage', index, size, [...proof, ''], root, leaf],
        ['trailing root', index, size, [...proof, root], root, leaf],
        ['preceding garbage', index, size, ['', ...proof], root, leaf],
        ['preceding root', index, size, [root, ...proof], root, leaf],
        ['removed component', index, size, proof.slice(0, -1), root, leaf],
      ];
      if (proof.length > 1) {
        probes.push([
          'inserted component',
          index,
          size,
          [proof[0], SOME_HASH, ...proof.slice(1)],
          root,
          leaf,
        ]);
      }
      proof.forEach((_, i) => {
        const wrong = [...proof];
        wrong[i] = flipBit(wrong[i], 3);
        probes.push([`proof[${i}] bit 3`, index, size, wrong, root, leaf]);
      });
      const accepted = probes.filter(([, i, s, p, r, l]) => verifyInclusion(l, i, s, p, r)).map(([d]) => d);
      expect(accepted).toEqual([]);
    },
  );

  it.each(CONSISTENCY.filter((v) => v.proof.length > 0))(
    'rejects every corruption of consistency proof $from → $to',
    ({ from, to, proof }) => {
      const r1 = ROOTS[from];
      const r2 = ROOTS[to];
      const probes: [string, number, number, string, string, string[]][] = [
        ['from - 1', from - 1, to, r1, r2, proof],
        ['from + 1', from + 1, to, r1, r2, proof],
        ['from ^ 2', from ^ 2, to, r1, r2, proof],
        ['to * 2', from, to * 2, r1, r2, proof],
        ['to / 2', from, Math.floor(to / 2), r1, r2, proof],
        ['wrong root1', from, to, SOME_HASH, r2, proof],
        ['wrong root2', from, to, r1, SOME_HASH, proof],
        ['swapped roots', from, to, r2, r1, proof],
        ['empty proof', from, to, r1, r2, []],
        ['trailing garbage', from, to, r1, r2, [...proof, '']],
        ['trailing root1', from, to, r1, r2, [...proof, r1]],
        ['trailing root2', from, to, r1, r2, [...proof, r2]],
        ['preceding garbage', from, to, r1, r2, ['', ...proof]],
        ['preceding root1', from, to, r1, r2, [r1, ...proof]],
        ['preceding root2', from, to, r1, r2, [r2, ...proof]],
        ['preceding proof[0]', from, to, r1, r2, [proof[0], ...proof]],
        ['truncated proof', from, to, r1, r2, proof.slice(0, -1)],
      ];
      proof.forEach((_, i) => {
        const wrong = [...proof];
        wrong[i] = flipBit(wrong[i], 4);
        probes.push([`proof[${i}] bit 4`, from, to, r1, r2, wrong]);
      });
      const accepted = probes.filter(([, f, t, a, b, p]) => verifyConsistency(f, t, a, b, p)).map(([d]) => d);
      expect(accepted).toEqual([]);
    },
  );

  it('handles the trivial and out-of-domain consistency cases as documented', () => {
    expect(verifyConsistency(1, 1, ROOTS[1], ROOTS[1], [])).toBe(true);
    expect(verifyConsistency(1, 1, ROOTS[1], ROOTS[2], [])).toBe(false);
    expect(verifyConsistency(1, 1, ROOTS[1], ROOTS[1], [EMPTY_TREE])).toBe(false);
    expect(verifyConsistency(2, 1, ROOTS[2], ROOTS[1], [])).toBe(false);
    expect(verifyConsistency(1, 2, ROOTS[1], ROOTS[2], [])).toBe(false);
    // fromSize 0 is outside the RFC's domain (0 < first): never verifies.
    expect(verifyConsistency(0, 0, EMPTY_TREE, EMPTY_TREE, [])).toBe(false);
    expect(verifyConsistency(0, 1, EMPTY_TREE, ROOTS[1], [])).toBe(false);
  });

  it('verifies a single-entry tree only with the leaf as root', () => {
    const leaf = leafHash('data');
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(verifyInclusion(leaf, 0, 1, [], Buffer.alloc(0))).toBe(false);
    expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], leaf)).toBe(false);
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ]) {
      expect(verifyInclusion(SOME_HASH, index, size, [], EMPTY_TREE)).toBe(false);
    }
  });

  it('rejects hashes that are not 64 lowercase hex characters', () => {
    const { index, size, proof } = INCLUSION[1];
    expect(verifyInclusion(leafHashes[index], index, size, proof, ROOTS[size].toUpperCase())).toBe(false);
    expect(verifyInclusion(leafHashes[index], index, size, [...proof.slice(0, 2), 'zz'], ROOTS[size])).toBe(
      false,
    );
    expect(verifyInclusion(leafHashes[index], 0.5, size, proof, ROOTS[size])).toBe(false);
  });
});
