import { auditLeafContent, type AuditLeafEntry } from './audit-entry';
import { CheckpointFormatError, parseNote, verifyCheckpoint, type CheckpointFields } from './checkpoint';
import { decodeBase64Strict } from './encoding';
import { emptyRoot, isHashHex, leafHash } from './merkle';
import { verifyConsistency, verifyInclusion } from './verify';

/**
 * An offline verifier for what the audit service serves. It trusts only the public key (which the
 * caller obtained out of band) and recomputes everything else: it never takes a served root, leaf hash
 * or proof at face value.
 *
 * Trust flows from signatures: the checkpoint (and the previous checkpoint, if given) anchor a root at
 * their tree sizes. A consistency proof that verifies and ends at an anchored size anchors its
 * `fromRoot` too (the older tree is a proven prefix of a signed one). An inclusion proof counts only
 * against an anchored root of the same size; an entry counts only if its recomputed leaf hash is the
 * leaf of such an inclusion proof.
 */

/** A checkpoint as served by `auditCheckpoint`: the note, its signature and the fields it states. */
export interface CheckpointInput {
  note: string;
  signature: string;
  treeSize: number;
  rootHash: string;
}

/** A served inclusion proof (`auditInclusionProof`); hashes are lowercase hex. */
export interface InclusionInput {
  index: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  hashes: readonly string[];
}

/** A served consistency proof (`auditConsistencyProof`); hashes are lowercase hex. */
export interface ConsistencyInput {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  hashes: readonly string[];
}

/**
 * An audit entry to check against the log: either its fields (the leaf content is rebuilt with
 * `auditLeafContent`) or its canonical leaf JSON as a string.
 */
export type EntryInput = { index: number; entry: AuditLeafEntry } | { index: number; canonical: string };

/** Everything {@link verifyLogSnapshot} can check in one go. */
export interface LogSnapshot {
  /** Standard base64 of the raw 32-byte Ed25519 public key, obtained out of band. */
  publicKey: string;
  checkpoint: CheckpointInput;
  /** A checkpoint seen earlier; the log must have grown from it (needs a consistency proof). */
  previousCheckpoint?: CheckpointInput;
  /** The origin line the checkpoints must carry, when the caller knows which log it expects. */
  expectedOrigin?: string;
  inclusion?: readonly InclusionInput[];
  consistency?: readonly ConsistencyInput[];
  entries?: readonly EntryInput[];
}

/** `ok` is true exactly when `problems` is empty; each problem names the item it concerns. */
export interface SnapshotVerdict {
  ok: boolean;
  problems: string[];
}

/** Verifies a snapshot of the audit log; see {@link LogSnapshot} and the module comment. */
export function verifyLogSnapshot(snapshot: LogSnapshot): SnapshotVerdict {
  const problems: string[] = [];
  // Roots we can stand behind, by tree size: signed, or proven a prefix of a signed one.
  const anchored = new Map<number, string>();

  if (!decodeBase64Strict(snapshot.publicKey, 32)) {
    problems.push('publicKey: not standard base64 of a 32-byte Ed25519 key');
  }
  const current = checkCheckpoint('checkpoint', snapshot.checkpoint, snapshot, problems);
  if (current) anchored.set(current.treeSize, current.rootHash);

  const previous = snapshot.previousCheckpoint
    ? checkCheckpoint('previousCheckpoint', snapshot.previousCheckpoint, snapshot, problems)
    : null;
  if (previous && !anchored.has(previous.treeSize)) anchored.set(previous.treeSize, previous.rootHash);
  if (previous && current) {
    if (previous.origin !== current.origin) {
      problems.push(`previousCheckpoint: origin "${previous.origin}" differs from "${current.origin}"`);
    }
    if (previous.treeSize > current.treeSize) {
      problems.push(`previousCheckpoint: tree size ${previous.treeSize} is larger than ${current.treeSize}`);
    } else if (previous.treeSize === current.treeSize && previous.rootHash !== current.rootHash) {
      problems.push(`previousCheckpoint: a different root for the same tree size ${current.treeSize} (fork)`);
    }
  }

  // Largest target first, so a chain of proofs (a→b, b→signed) anchors every step.
  const consistency = [...(snapshot.consistency ?? [])]
    .map((proof, position) => ({ proof, position }))
    .sort((a, b) => b.proof.toSize - a.proof.toSize);
  const provenLinks: ConsistencyInput[] = [];
  for (const { proof, position } of consistency) {
    const where = `consistency[${position}] (${proof.fromSize} → ${proof.toSize})`;
    const shape = hashProblems(where, { fromRoot: proof.fromRoot, toRoot: proof.toRoot }, proof.hashes);
    if (shape.length > 0) {
      problems.push(...shape);
      continue;
    }
    if (!verifyConsistency(proof.fromSize, proof.toSize, proof.fromRoot, proof.toRoot, proof.hashes)) {
      problems.push(`${where}: proof does not verify`);
      continue;
    }
    const toAnchor = anchored.get(proof.toSize);
    if (toAnchor === undefined) {
      problems.push(`${where}: no signed checkpoint covers tree size ${proof.toSize}`);
      continue;
    }
    if (toAnchor !== proof.toRoot) {
      problems.push(`${where}: toRoot differs from the signed root of tree size ${proof.toSize}`);
      continue;
    }
    const fromAnchor = anchored.get(proof.fromSize);
    if (fromAnchor !== undefined && fromAnchor !== proof.fromRoot) {
      problems.push(`${where}: fromRoot differs from the signed root of tree size ${proof.fromSize}`);
      continue;
    }
    anchored.set(proof.fromSize, proof.fromRoot);
    provenLinks.push(proof);
  }

  if (previous && current && previous.treeSize < current.treeSize) {
    if (previous.treeSize === 0) {
      // The empty tree is a prefix of every tree; its signed root must still be the empty-tree hash.
      if (previous.rootHash !== emptyRoot().toString('hex')) {
        problems.push('previousCheckpoint: tree size 0 with a root other than the empty-tree hash');
      }
    } else {
      const linked = provenLinks.some(
        (proof) => proof.fromSize === previous.treeSize && proof.fromRoot === previous.rootHash,
      );
      if (!linked) {
        problems.push(
          `previousCheckpoint: no verified consistency proof from tree size ${previous.treeSize} to a signed checkpoint`,
        );
      }
    }
  }

  // Leaf hashes proven to be in an anchored tree, by index.
  const provenLeaves = new Map<number, Set<string>>();
  (snapshot.inclusion ?? []).forEach((proof, position) => {
    const where = `inclusion[${position}] (index ${proof.index}, size ${proof.treeSize})`;
    const shape = hashProblems(where, { leafHash: proof.leafHash, rootHash: proof.rootHash }, proof.hashes);
    if (shape.length > 0) {
      problems.push(...shape);
      return;
    }
    const root = anchored.get(proof.treeSize);
    if (root === undefined) {
      problems.push(`${where}: no signed checkpoint covers tree size ${proof.treeSize}`);
      return;
    }
    if (proof.rootHash !== root) {
      problems.push(`${where}: rootHash differs from the signed root of tree size ${proof.treeSize}`);
      return;
    }
    if (!verifyInclusion(proof.leafHash, proof.index, proof.treeSize, proof.hashes, root)) {
      problems.push(`${where}: proof does not verify`);
      return;
    }
    const leaves = provenLeaves.get(proof.index) ?? new Set<string>();
    leaves.add(proof.leafHash);
    provenLeaves.set(proof.index, leaves);
  });

  (snapshot.entries ?? []).forEach((item, position) => {
    const where = `entries[${position}] (index ${item.index})`;
    const content = entryContent(item);
    if (typeof content !== 'string') {
      problems.push(`${where}: ${content.problem}`);
      return;
    }
    const hash = leafHash(content).toString('hex');
    const proven = provenLeaves.get(item.index);
    if (!proven) {
      problems.push(`${where}: no verified inclusion proof for this index`);
    } else if (!proven.has(hash)) {
      problems.push(`${where}: recomputed leaf hash ${hash} is not the proven leaf at this index`);
    }
  });

  return { ok: problems.length === 0, problems };
}

/** Verifies one checkpoint's signature and that its stated fields match its note. */
function checkCheckpoint(
  where: string,
  checkpoint: CheckpointInput,
  snapshot: LogSnapshot,
  problems: string[],
): CheckpointFields | null {
  const before = problems.length;
  if (!verifyCheckpoint(checkpoint.note, checkpoint.signature, snapshot.publicKey)) {
    problems.push(`${where}: signature does not verify with the public key`);
  }
  let fields: CheckpointFields;
  try {
    fields = parseNote(checkpoint.note);
  } catch (error) {
    const reason = error instanceof CheckpointFormatError ? error.message : 'unreadable';
    problems.push(`${where}: note is malformed (${reason})`);
    return null;
  }
  if (fields.treeSize !== checkpoint.treeSize) {
    problems.push(`${where}: treeSize ${checkpoint.treeSize} differs from the note's ${fields.treeSize}`);
  }
  if (fields.rootHash !== checkpoint.rootHash) {
    problems.push(`${where}: rootHash differs from the note's root`);
  }
  if (snapshot.expectedOrigin !== undefined && fields.origin !== snapshot.expectedOrigin) {
    problems.push(`${where}: origin "${fields.origin}" is not the expected "${snapshot.expectedOrigin}"`);
  }
  // Only a fully valid checkpoint anchors anything.
  return problems.length === before ? fields : null;
}

/** Problems with the encoding of a proof's hashes (the contract requires 64 lowercase hex characters). */
function hashProblems(where: string, named: Record<string, string>, hashes: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(named)) {
    if (!isHashHex(value)) found.push(`${where}: ${name} is not 64 lowercase hex characters`);
  }
  if (!Array.isArray(hashes)) found.push(`${where}: hashes is not a list`);
  else if (!hashes.every(isHashHex)) found.push(`${where}: hashes are not all 64 lowercase hex characters`);
  return found;
}

/** The canonical leaf content of an entry, or why it has none. */
function entryContent(item: EntryInput): string | { problem: string } {
  try {
    if ('entry' in item) {
      if (item.entry.index !== item.index) return { problem: `entry says index ${item.entry.index}` };
      return auditLeafContent(item.entry);
    }
    const content = item.canonical;
    // Rebuilding from the parsed fields checks both the index and that the text is the exact
    // canonical form with the exact field set (any other spelling would hash differently).
    const parsed = JSON.parse(content) as AuditLeafEntry;
    if (parsed === null || typeof parsed !== 'object' || parsed.index !== item.index) {
      return { problem: 'canonical JSON does not carry this index' };
    }
    if (auditLeafContent(parsed) !== content) {
      return { problem: 'not the canonical leaf JSON (RFC 8785, exactly the audit leaf fields)' };
    }
    return content;
  } catch (error) {
    return { problem: `not a valid audit entry (${(error as Error).message})` };
  }
}
