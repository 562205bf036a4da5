/**
 * Storage of the Merkle log's node hashes, as the "perfect subtree" layout: one hash per complete
 * subtree, addressed by `(level, index)`. Level 0 holds the leaf hashes; the node at level L, index i
 * covers leaves [i·2^L, (i+1)·2^L) and is written once, when its last leaf is appended, and never
 * changes afterwards. Every root and proof of RFC 9162 at any past tree size is a combination of
 * such nodes, so nothing that depends on the tree size is ever stored.
 *
 * A SQL table needs the columns `level` (small int), `idx` (bigint), `hash` (32 bytes), primary key
 * `(level, idx)`; `size()` is the number of level-0 rows (or a counter kept in the same transaction).
 */

/** Address of a perfect subtree: level 0 = a leaf; covers leaves [index·2^level, (index+1)·2^level). */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A perfect subtree's hash together with its address. */
export interface StoredNode extends NodeId {
  readonly hash: Buffer;
}

/**
 * What the Merkle log needs from storage. Reads are batched: every root or proof asks for all the nodes
 * it needs in ONE `getNodes` call, so a database implementation answers it with one query.
 *
 * Implementations must:
 * - return, from `getNodes`, a map keyed by {@link nodeKey} holding every requested node that exists
 *   (missing keys are simply absent; the log reports them as corruption);
 * - make `putNodes` of one `appendLeaves` call atomic, and in the same transaction as the audit entries
 *   whose leaf hashes it writes, so the entries and the tree never disagree;
 * - report from `size()` the number of leaves (level-0 nodes) stored;
 * - never overwrite an existing node with a different hash (the log is append-only).
 */
export interface MerkleNodeStore {
  getNodes(ids: readonly NodeId[]): Promise<Map<string, Buffer>>;
  putNodes(nodes: readonly StoredNode[]): Promise<void>;
  size(): Promise<number>;
}

/** The key of a node in the map returned by {@link MerkleNodeStore.getNodes}: `"<level>:<index>"`. */
export function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}

/**
 * A {@link MerkleNodeStore} held in a Map, for tests, benchmarks and throwaway logs. It enforces the
 * append-only rule, so a bug that rewrites a node fails loudly here before it could in a database.
 */
export class InMemoryNodeStore implements MerkleNodeStore {
  private readonly nodes = new Map<string, Buffer>();
  private leaves = 0;

  async getNodes(ids: readonly NodeId[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const { level, index } of ids) {
      const key = nodeKey(level, index);
      const hash = this.nodes.get(key);
      // Copies, so a caller that mutates a returned Buffer cannot corrupt the store.
      if (hash) found.set(key, Buffer.from(hash));
    }
    return found;
  }

  async putNodes(nodes: readonly StoredNode[]): Promise<void> {
    for (const { level, index, hash } of nodes) {
      const key = nodeKey(level, index);
      const existing = this.nodes.get(key);
      if (existing && !existing.equals(hash)) {
        throw new Error(`InMemoryNodeStore: node ${key} already holds a different hash (append-only)`);
      }
      this.nodes.set(key, Buffer.from(hash));
      if (level === 0 && index + 1 > this.leaves) this.leaves = index + 1;
    }
  }

  async size(): Promise<number> {
    return this.leaves;
  }

  /** Number of stored nodes (leaves and interior), for tests and benchmarks. */
  get nodeCount(): number {
    return this.nodes.size;
  }
}

/**
 * Wraps a store so that every `getNodes` call made while the current batch of promise jobs runs is
 * answered by ONE call to the underlying store (the DataLoader trick): a proof, its root and its leaf,
 * computed with `Promise.all`, then cost one database round trip instead of three.
 */
export class CoalescingNodeStore implements MerkleNodeStore {
  private pending: {
    ids: readonly NodeId[];
    resolve: (nodes: Map<string, Buffer>) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(private readonly inner: MerkleNodeStore) {}

  getNodes(ids: readonly NodeId[]): Promise<Map<string, Buffer>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ids, resolve, reject });
      // setImmediate runs after every queued promise job, so sibling calls of a Promise.all join in.
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  putNodes(nodes: readonly StoredNode[]): Promise<void> {
    return this.inner.putNodes(nodes);
  }

  size(): Promise<number> {
    return this.inner.size();
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const unique = new Map<string, NodeId>();
    for (const { ids } of batch) for (const id of ids) unique.set(nodeKey(id.level, id.index), id);
    this.inner.getNodes([...unique.values()]).then(
      (nodes) => batch.forEach(({ resolve }) => resolve(nodes)),
      (error: unknown) => batch.forEach(({ reject }) => reject(error)),
    );
  }
}
