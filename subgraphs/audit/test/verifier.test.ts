import {
  appendLeaves,
  auditLeafContent,
  consistencyProof,
  createCheckpoint,
  emptyRoot,
  generateSigningKey,
  hashFromHex,
  InMemoryNodeStore,
  inclusionProof,
  publicKeyBase64,
  rootAt,
  verifyLogSnapshot,
  type AuditLeafEntry,
  type ConsistencyInput,
  type EntryInput,
  type InclusionInput,
  type LogSnapshot,
  auditLeafHash,
} from '../src/domain';

const ORIGIN = 'test.example/audit';
const key = generateSigningKey();
const publicKey = publicKeyBase64(key);

function entryAt(index: number): AuditLeafEntry {
  return {
    index,
    id: `evt-${index}`,
    type: index % 2 === 0 ? 'version.published' : 'scan.completed',
    source: index % 2 === 0 ? 'registry' : 'trust',
    occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
    actor: 'alice',
    subject: 'io.github.alice/weather',
    data: { n: index, note: 'ünïcödé ✓' },
  };
}

// LogSnapshot with mutable lists, so the tamper cases can edit an honest snapshot in place.
type WithHashes<T> = Omit<T, 'hashes'> & { hashes: string[] };
type Snapshot = Omit<LogSnapshot, 'inclusion' | 'consistency' | 'entries'> & {
  inclusion: WithHashes<InclusionInput>[];
  consistency: WithHashes<ConsistencyInput>[];
  entries: EntryInput[];
};

const entries = Array.from({ length: 20 }, (_, i) => entryAt(i));
let store: InMemoryNodeStore;

async function checkpointAt(size: number, signer = key) {
  const root = await rootAt(store, size);
  const { note, signature, treeSize, rootHash } = createCheckpoint({
    origin: ORIGIN,
    treeSize: size,
    rootHash: root,
    key: signer,
  });
  return { note, signature, treeSize, rootHash };
}

async function inclusionAt(index: number, treeSize: number) {
  return {
    index,
    treeSize,
    leafHash: auditLeafHash(entries[index]),
    rootHash: (await rootAt(store, treeSize)).toString('hex'),
    hashes: (await inclusionProof(store, index, treeSize)).map((h) => h.toString('hex')),
  };
}

async function consistencyBetween(fromSize: number, toSize: number) {
  return {
    fromSize,
    toSize,
    fromRoot: (await rootAt(store, fromSize)).toString('hex'),
    toRoot: (await rootAt(store, toSize)).toString('hex'),
    hashes: (await consistencyProof(store, fromSize, toSize)).map((h) => h.toString('hex')),
  };
}

/** A complete, honest snapshot: checkpoint at 20, previous at 12, proofs and entries. */
async function honest(): Promise<Snapshot> {
  return {
    publicKey,
    expectedOrigin: ORIGIN,
    checkpoint: await checkpointAt(20),
    previousCheckpoint: await checkpointAt(12),
    inclusion: [await inclusionAt(3, 20), await inclusionAt(19, 20), await inclusionAt(11, 12)],
    consistency: [await consistencyBetween(12, 20)],
    entries: [
      { index: 3, entry: entries[3] },
      { index: 19, canonical: auditLeafContent(entries[19]) },
      { index: 11, entry: entries[11] },
    ],
  };
}

function flipHex(hash: string): string {
  const bytes = hashFromHex(hash);
  bytes[0] ^= 1;
  return bytes.toString('hex');
}

beforeAll(async () => {
  store = new InMemoryNodeStore();
  await appendLeaves(
    store,
    entries.map((e) => hashFromHex(auditLeafHash(e))),
  );
});

describe('verifyLogSnapshot', () => {
  it('accepts an honest snapshot', async () => {
    expect(verifyLogSnapshot(await honest())).toEqual({ ok: true, problems: [] });
  });

  it('accepts a bare checkpoint, and an empty previous checkpoint without a proof', async () => {
    expect(verifyLogSnapshot({ publicKey, checkpoint: await checkpointAt(20) }).ok).toBe(true);
    const empty = createCheckpoint({ origin: ORIGIN, treeSize: 0, rootHash: emptyRoot(), key });
    const previousCheckpoint = {
      note: empty.note,
      signature: empty.signature,
      treeSize: 0,
      rootHash: empty.rootHash,
    };
    expect(verifyLogSnapshot({ publicKey, checkpoint: await checkpointAt(20), previousCheckpoint }).ok).toBe(
      true,
    );
  });

  it('anchors older sizes through a chain of consistency proofs', async () => {
    const snapshot: LogSnapshot = {
      publicKey,
      checkpoint: await checkpointAt(20),
      consistency: [await consistencyBetween(5, 12), await consistencyBetween(12, 20)],
      inclusion: [await inclusionAt(4, 5)],
      entries: [{ index: 4, entry: entries[4] }],
    };
    expect(verifyLogSnapshot(snapshot)).toEqual({ ok: true, problems: [] });
  });

  type Tamper = (s: Snapshot) => Promise<void> | void;
  const cases: [string, Tamper, RegExp][] = [
    [
      'a checkpoint signed by another key',
      async (s) => void (s.checkpoint = await checkpointAt(20, generateSigningKey())),
      /checkpoint: signature/,
    ],
    [
      'an edited note',
      (s) => void (s.checkpoint.note = s.checkpoint.note.replace('\n20\n', '\n21\n')),
      /checkpoint: signature/,
    ],
    [
      'a treeSize field that is not the note’s',
      (s) => void (s.checkpoint.treeSize = 21),
      /checkpoint: treeSize/,
    ],
    [
      'a rootHash field that is not the note’s',
      (s) => void (s.checkpoint.rootHash = flipHex(s.checkpoint.rootHash)),
      /checkpoint: rootHash/,
    ],
    ['another origin', (s) => void (s.expectedOrigin = 'other.example/audit'), /origin/],
    ['a malformed public key', (s) => void (s.publicKey = 'AAAA'), /publicKey/],
    [
      'a tampered inclusion proof',
      (s) => void (s.inclusion[0].hashes[1] = flipHex(s.inclusion[0].hashes[1])),
      /inclusion\[0\].*does not verify/,
    ],
    [
      'a forged inclusion root',
      (s) => void (s.inclusion[1].rootHash = flipHex(s.inclusion[1].rootHash)),
      /inclusion\[1\].*rootHash differs/,
    ],
    [
      'a swapped leaf hash',
      (s) => void (s.inclusion[0].leafHash = s.inclusion[1].leafHash),
      /inclusion\[0\].*does not verify/,
    ],
    ['a wrong index', (s) => void (s.inclusion[0].index = 4), /inclusion\[0\].*does not verify/],
    [
      'an unsigned tree size',
      async (s) => void s.inclusion.push(await inclusionAt(2, 17)),
      /inclusion\[3\].*no signed checkpoint covers tree size 17/,
    ],
    [
      'uppercase hex',
      (s) => void (s.inclusion[0].leafHash = s.inclusion[0].leafHash.toUpperCase()),
      /inclusion\[0\].*lowercase hex/,
    ],
    [
      'altered entry data',
      (s) => void (s.entries = [{ index: 3, entry: { ...entries[3], data: { n: 999 } } }]),
      /entries\[0\].*not the proven leaf/,
    ],
    [
      'an entry moved to another index',
      (s) => void (s.entries = [{ index: 3, entry: { ...entries[19], index: 3 } }]),
      /entries\[0\].*not the proven leaf/,
    ],
    [
      'an entry whose own index disagrees',
      (s) => void (s.entries = [{ index: 3, entry: entries[4] }]),
      /entries\[0\].*index 4/,
    ],
    [
      'an entry without an inclusion proof',
      (s) => void (s.entries = [{ index: 5, entry: entries[5] }]),
      /entries\[0\].*no verified inclusion proof/,
    ],
    [
      'non-canonical entry JSON',
      (s) => void (s.entries = [{ index: 19, canonical: JSON.stringify(entries[19], null, 1) }]),
      /entries\[0\].*not the canonical/,
    ],
    [
      'a tampered consistency proof',
      (s) => void (s.consistency[0].hashes[0] = flipHex(s.consistency[0].hashes[0])),
      /consistency\[0\].*does not verify/,
    ],
    [
      'a missing consistency proof',
      (s) => void (s.consistency = []),
      /previousCheckpoint: no verified consistency proof/,
    ],
    [
      'a previous checkpoint larger than the current one',
      async (s) => {
        s.previousCheckpoint = s.checkpoint;
        s.checkpoint = await checkpointAt(12);
        s.inclusion = [];
        s.entries = [];
      },
      /previousCheckpoint: tree size 20 is larger than 12/,
    ],
    [
      'a fork: two signed roots for one size',
      (s) => {
        const fork = createCheckpoint({
          origin: ORIGIN,
          treeSize: 20,
          rootHash: flipHex(s.checkpoint.rootHash),
          key,
        });
        s.previousCheckpoint = {
          note: fork.note,
          signature: fork.signature,
          treeSize: 20,
          rootHash: fork.rootHash,
        };
      },
      /fork/,
    ],
    [
      'a previous checkpoint from another origin',
      async (s) => {
        const other = createCheckpoint({
          origin: 'elsewhere/log',
          treeSize: 12,
          rootHash: await rootAt(store, 12),
          key,
        });
        s.previousCheckpoint = {
          note: other.note,
          signature: other.signature,
          treeSize: 12,
          rootHash: other.rootHash,
        };
        s.expectedOrigin = undefined;
      },
      /previousCheckpoint: origin/,
    ],
    [
      'a consistency proof to an unsigned size',
      async (s) => void s.consistency.push(await consistencyBetween(3, 15)),
      /consistency\[1\].*no signed checkpoint covers tree size 15/,
    ],
  ];

  it.each(cases)('detects %s', async (_, tamper, expected) => {
    const snapshot = await honest();
    await tamper(snapshot);
    const verdict = verifyLogSnapshot(snapshot);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join('\n')).toMatch(expected);
  });
});
