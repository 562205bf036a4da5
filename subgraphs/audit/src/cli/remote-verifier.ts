import type { AuditLeafEntry } from '../domain/audit-entry';
import { keyId, verifyCheckpoint } from '../domain/checkpoint';
import {
  verifyLogSnapshot,
  type CheckpointInput,
  type ConsistencyInput,
  type EntryInput,
  type InclusionInput,
} from '../domain/verifier';
import { verifyConsistency } from '../domain/verify';

/**
 * The offline verifier of a running audit log: it fetches the signed checkpoint, inclusion proofs of a
 * random sample of entries, entry contents where it may read them, and a consistency proof from a
 * checkpoint it saw earlier, over plain GraphQL POSTs, and checks everything itself (signature,
 * recomputed leaf hashes, inclusion, consistency) with `verifyLogSnapshot`. It trusts nothing the
 * server says except what a pinned public key signs; the first run trusts the served key (TOFU) and
 * returns it in the state to pin for the next run.
 */

/** What a run remembers for the next one (the CLI keeps it in `--state <file>`). */
export interface VerifierState {
  /** The pinned public key (standard base64 of the raw 32-byte Ed25519 key). */
  publicKey: string;
  /** The last checkpoint that verified. */
  checkpoint: CheckpointInput & { origin?: string };
}

export interface RemoteVerifyOptions {
  /** Base URL of the gateway (GraphQL at `${url}/graphql`). */
  url: string;
  /** An API key with AUDIT_READ: entries are then sampled from `auditLog` too. */
  apiKey?: string;
  /** Read entries from `auditLog` and recompute their leaf hashes (default: when `apiKey` is given). */
  readEntries?: boolean;
  /** The key to trust; default the state's, else the served one (trust on first use). */
  publicKey?: string;
  /** The state of an earlier run: its checkpoint must be a prefix of the current one. */
  previous?: VerifierState;
  /** Random entries whose inclusion is checked (default 8; the first and last are always checked). */
  samples?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** HTTP transport (default the global fetch). */
  fetch?: typeof fetch;
  /** Randomness for the sample (tests). */
  random?: () => number;
}

export interface RemoteVerifyReport {
  ok: boolean;
  problems: string[];
  /** What was checked, for the printout. */
  checked: { treeSize: number; inclusion: number; entries: number; consistency: number };
  /** The state to keep for the next run (null when the run failed). */
  state: VerifierState | null;
}

interface ServedCheckpoint {
  treeSize: number;
  rootHash: string;
  keyId: string;
  signature: string;
  note: string;
}

interface ServedEntry {
  index: number;
  id: string;
  type: string;
  source: string;
  subject: string;
  actor: string;
  occurredAt: string;
  leafHash: string;
  data: Record<string, unknown>;
}

const ENTRY_FIELDS = 'index id type source subject actor occurredAt leafHash data';
const INCLUSION_FIELDS = 'index treeSize leafHash rootHash hashes';
const CONSISTENCY_FIELDS = 'fromSize toSize fromRoot toRoot hashes';

/** Fetches a snapshot of the log at `options.url` and verifies it; never throws on a bad server. */
export async function verifyRemoteLog(options: RemoteVerifyOptions): Promise<RemoteVerifyReport> {
  const problems: string[] = [];
  const checked = { treeSize: 0, inclusion: 0, entries: 0, consistency: 0 };
  const fail = (): RemoteVerifyReport => ({ ok: false, problems, checked, state: null });
  const client = new GraphqlClient(options);

  const head = await client.query<{
    auditPublicKey: string;
    auditCheckpoint: ServedCheckpoint | null;
  }>('{ auditPublicKey auditCheckpoint { treeSize rootHash keyId signature note } }');
  if (!head.ok) return { ...fail(), problems: [head.problem] };
  const servedKey = head.data.auditPublicKey;
  const trustedKey = options.publicKey ?? options.previous?.publicKey ?? servedKey;
  if (servedKey !== trustedKey) {
    problems.push(
      `the log's current public key ${servedKey} (id ${safeKeyId(servedKey)}) is not the trusted key ${trustedKey}: ` +
        'if the operator rotated it (see auditPublicKeys), pass the new key explicitly to accept it',
    );
  }
  const checkpoint = head.data.auditCheckpoint;
  if (!checkpoint) {
    problems.push('the log serves no checkpoint');
    return fail();
  }
  const size = checkpoint.treeSize;
  checked.treeSize = size;

  // Entries we can read: the first page (≥ 20) of auditLog with an AUDIT_READ key.
  let entries: ServedEntry[] = [];
  if ((options.readEntries ?? options.apiKey !== undefined) && size > 0) {
    const page = await client.query<{ auditLog: { edges: { node: ServedEntry }[] } }>(
      `query($first: Int) { auditLog(first: $first) { edges { node { ${ENTRY_FIELDS} } } } }`,
      { first: Math.min(100, Math.max(20, options.samples ?? 8)) },
    );
    if (page.ok) entries = page.data.auditLog.edges.map((edge) => edge.node).filter((e) => e.index < size);
    else problems.push(`auditLog: ${page.problem}`);
  }

  // Inclusion proofs: the first and last entries, a random sample, and every entry read above.
  const indices = new Set<number>();
  if (size > 0) {
    indices.add(0);
    indices.add(size - 1);
    const random = options.random ?? Math.random;
    for (let i = 0; i < (options.samples ?? 8); i += 1) indices.add(Math.floor(random() * size));
    for (const entry of entries) indices.add(entry.index);
  }
  const inclusion: InclusionInput[] = [];
  if (indices.size > 0) {
    const fields = [...indices]
      .map(
        (index) =>
          `i${index}: auditInclusionProof(index: ${index}, treeSize: ${size}) { ${INCLUSION_FIELDS} }`,
      )
      .join(' ');
    const proofs = await client.query<Record<string, InclusionInput>>(`{ ${fields} }`);
    if (proofs.ok) inclusion.push(...Object.values(proofs.data));
    else problems.push(`inclusion proofs: ${proofs.problem}`);
  }

  // Consistency: from the remembered checkpoint, and from a random earlier size.
  const previous = options.previous?.checkpoint;
  const consistency: ConsistencyInput[] = [];
  const fromSizes = new Set<number>();
  if (previous && previous.treeSize > 0 && previous.treeSize < size) fromSizes.add(previous.treeSize);
  if (size > 1) fromSizes.add(1 + Math.floor((options.random ?? Math.random)() * (size - 1)));
  if (fromSizes.size > 0) {
    const fields = [...fromSizes]
      .map(
        (from) =>
          `c${from}: auditConsistencyProof(fromSize: ${from}, toSize: ${size}) { ${CONSISTENCY_FIELDS} }`,
      )
      .join(' ');
    const proofs = await client.query<Record<string, ConsistencyInput>>(`{ ${fields} }`);
    if (proofs.ok) consistency.push(...Object.values(proofs.data));
    else problems.push(`consistency proofs: ${proofs.problem}`);
  }

  // A previous checkpoint signed by another key (an accepted rotation) is checked with its own key.
  const previousKey = options.previous?.publicKey;
  const sameKey = previousKey === undefined || previousKey === trustedKey;
  if (previous && !sameKey) {
    if (!verifyCheckpoint(previous.note, previous.signature, previousKey)) {
      problems.push('previous checkpoint: signature does not verify with its own key');
    }
    if (previous.treeSize > size) {
      problems.push(`previous checkpoint: tree size ${previous.treeSize} is larger than ${size}`);
    } else if (previous.treeSize === size && previous.rootHash !== checkpoint.rootHash) {
      problems.push('previous checkpoint: a different root for the same tree size (fork)');
    } else if (previous.treeSize > 0 && previous.treeSize < size) {
      const link = consistency.find((proof) => proof.fromSize === previous.treeSize);
      if (
        !link ||
        link.fromRoot !== previous.rootHash ||
        !verifyConsistency(link.fromSize, link.toSize, link.fromRoot, link.toRoot, link.hashes)
      ) {
        problems.push('previous checkpoint: no valid consistency proof from it to the current checkpoint');
      }
    }
  }

  const entryInputs: EntryInput[] = entries.map((entry) => ({
    index: entry.index,
    entry: toLeafEntry(entry),
  }));
  const verdict = verifyLogSnapshot({
    publicKey: trustedKey,
    checkpoint,
    previousCheckpoint: previous && sameKey ? previous : undefined,
    inclusion,
    consistency,
    entries: entryInputs,
  });
  problems.push(...verdict.problems);
  // An entry whose served leafHash differs from its recomputed one is reported by the snapshot check
  // (the proven leaf is the served one); say it plainly too.
  for (const entry of entries) {
    const proof = inclusion.find((item) => item.index === entry.index);
    if (proof && proof.leafHash !== entry.leafHash) {
      problems.push(`entry ${entry.index}: served leafHash differs from the leaf of its inclusion proof`);
    }
  }
  checked.inclusion = inclusion.length;
  checked.entries = entries.length;
  checked.consistency = consistency.length;
  if (problems.length > 0) return fail();
  return {
    ok: true,
    problems,
    checked,
    state: {
      publicKey: trustedKey,
      checkpoint: {
        note: checkpoint.note,
        signature: checkpoint.signature,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
      },
    },
  };
}

function toLeafEntry(entry: ServedEntry): AuditLeafEntry {
  return {
    index: entry.index,
    id: entry.id,
    type: entry.type,
    source: entry.source,
    occurredAt: entry.occurredAt,
    actor: entry.actor,
    subject: entry.subject,
    data: entry.data,
  };
}

function safeKeyId(publicKey: string): string {
  try {
    return keyId(publicKey);
  } catch {
    return 'invalid';
  }
}

type QueryResult<T> = { ok: true; data: T } | { ok: false; problem: string };

/** Plain GraphQL over HTTP POST; any failure becomes a problem string. */
class GraphqlClient {
  private readonly endpoint: string;
  private readonly headers: Record<string, string>;
  private readonly fetch: typeof fetch;

  constructor(options: RemoteVerifyOptions) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/graphql`;
    this.headers = {
      'content-type': 'application/json',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      ...options.headers,
    };
    this.fetch = options.fetch ?? fetch;
  }

  async query<T>(query: string, variables?: Record<string, unknown>): Promise<QueryResult<T>> {
    let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      const response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify({ query, variables }),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      return { ok: false, problem: `request to ${this.endpoint} failed: ${(error as Error).message}` };
    }
    if (body.errors && body.errors.length > 0) {
      const reasons = body.errors.map(
        (e) => `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}`,
      );
      return { ok: false, problem: reasons.join('; ') };
    }
    if (!body.data) return { ok: false, problem: 'the response has no data' };
    return { ok: true, data: body.data };
  }
}
