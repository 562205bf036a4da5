import { blobToBuffer } from '@mcpr/platform';
import { nodeKey, type MerkleNodeStore, type NodeId, type StoredNode } from '../domain/node-store';
import { chunks, placeholders, toInt, type SqlSession } from './sql';

/** Rows per multi-row INSERT (3 parameters each: well under SQLite's and PostgreSQL's limits). */
const INSERT_CHUNK = 500;
/** Nodes per lookup query (a proof at any realistic size needs fewer than 130). */
const SELECT_CHUNK = 200;

/**
 * The Merkle log's nodes in table `audit_merkle_node(level, idx, hash)`, primary key (level, idx).
 * `getNodes` is ONE indexed query per call (an OR of primary-key equalities, which both engines answer
 * with one index probe per term), so a root or proof costs O(log n) row reads. The size is fixed at
 * construction: the locked size inside an append, or the size a read view was taken at.
 */
export class SqlNodeStore implements MerkleNodeStore {
  constructor(
    private readonly sql: SqlSession,
    private readonly treeSize: number,
  ) {}

  async getNodes(ids: readonly NodeId[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const part of chunks(ids, SELECT_CHUNK)) {
      const where = part.map(() => '(level = ? and idx = ?)').join(' or ');
      const params = part.flatMap(({ level, index }) => [level, index]);
      const rows = await this.sql.all<{ level: unknown; idx: unknown; hash: unknown }>(
        `select level, idx, hash from ${this.sql.table('audit_merkle_node')} where ${where}`,
        params,
      );
      for (const row of rows) found.set(nodeKey(toInt(row.level), toInt(row.idx)), blobToBuffer(row.hash));
    }
    return found;
  }

  async putNodes(nodes: readonly StoredNode[]): Promise<void> {
    for (const part of chunks(nodes, INSERT_CHUNK)) {
      await this.sql.run(
        `insert into ${this.sql.table('audit_merkle_node')} (level, idx, hash) values ${placeholders(part.length, 3)}`,
        part.flatMap(({ level, index, hash }) => [level, index, hash]),
      );
    }
  }

  async size(): Promise<number> {
    return this.treeSize;
  }
}
