import { blobToBuffer, canonicalJson } from '@mcpr/platform';
import type {
  AuditReadView,
  AuditRepository,
  AuditWriteTx,
  EntryFilter,
  LogEntry,
  NewLogEntry,
  SecurityWindow,
  SigningKeyRecord,
  StoredCheckpoint,
  TrailKey,
  WindowHit,
} from '../domain/audit-repository';
import type { MerkleNodeStore } from '../domain/node-store';
import { chunks, placeholders, toInt, type SqlSession } from './sql';
import { SqlNodeStore } from './sql-node-store';

const ENTRY_COLUMNS = [
  'idx',
  'event_id',
  'type',
  'source',
  'occurred_at',
  'actor',
  'subject',
  'data',
  'server_name',
  'server_id',
  'version_id',
  'appended_at',
] as const;
/** Rows per multi-row INSERT of entries (12 parameters each). */
const ENTRY_CHUNK = 200;
/** Rows per INSERT into processed_event (3 parameters each). */
const PROCESSED_CHUNK = 500;

interface EntryRow {
  idx: unknown;
  event_id: string;
  type: string;
  source: string;
  occurred_at: string;
  actor: string;
  subject: string;
  data: string;
  leaf: unknown;
  trail_key?: string;
}

/** The audit log's storage on SQLite or PostgreSQL (see `domain/audit-repository.ts`). */
export class SqlAuditRepository implements AuditRepository {
  constructor(private readonly sql: SqlSession) {}

  write<T>(work: (tx: AuditWriteTx) => Promise<T>): Promise<T> {
    return this.sql.transaction(async (sql) => {
      // PostgreSQL: the row lock serialises appenders across processes until commit. SQLite: the
      // write transaction is already exclusive (one connection, one writer per process).
      const lock = sql.dialect === 'postgresql' ? ' for update' : '';
      const [head] = await sql.all<{ size: unknown }>(
        `select size from ${sql.table('audit_tree_head')} where id = 1${lock}`,
      );
      if (!head) throw new Error('audit: the tree head row is missing (migrations not applied?)');
      return work(new SqlWriteTx(sql, toInt(head.size)));
    });
  }

  async read(): Promise<AuditReadView> {
    const [head] = await this.sql.all<{ size: unknown }>(
      `select size from ${this.sql.table('audit_tree_head')} where id = 1`,
    );
    if (!head) throw new Error('audit: the tree head row is missing (migrations not applied?)');
    return new SqlReadView(this.sql, toInt(head.size));
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | null> {
    const [row] = await this.sql.all<CheckpointRow>(
      `select tree_size, root_hash, origin, note, signature, key_id, issued_at from ${this.sql.table('audit_checkpoint')} order by tree_size desc, id desc limit 1`,
    );
    return row ? toCheckpoint(row) : null;
  }

  async insertCheckpoint(checkpoint: StoredCheckpoint): Promise<boolean> {
    const inserted = await this.sql.all<{ id: unknown }>(
      `insert into ${this.sql.table('audit_checkpoint')} (tree_size, root_hash, origin, note, signature, key_id, issued_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (tree_size, key_id) do nothing returning id`,
      [
        checkpoint.treeSize,
        checkpoint.rootHash,
        checkpoint.origin,
        checkpoint.note,
        checkpoint.signature,
        checkpoint.keyId,
        checkpoint.issuedAt,
      ],
    );
    return inserted.length > 0;
  }

  async signingKeys(): Promise<SigningKeyRecord[]> {
    const rows = await this.sql.all<{
      key_id: string;
      public_key: string;
      valid_from: unknown;
      valid_until: unknown;
    }>(
      `select key_id, public_key, valid_from, valid_until from ${this.sql.table('audit_signing_key')} order by valid_from, key_id`,
    );
    return rows.map((row) => ({
      keyId: row.key_id,
      publicKey: row.public_key,
      validFrom: toDate(row.valid_from),
      validUntil: row.valid_until === null || row.valid_until === undefined ? null : toDate(row.valid_until),
    }));
  }

  async activateSigningKey(key: { keyId: string; publicKey: string }, now: Date): Promise<void> {
    await this.sql.transaction(async (sql) => {
      const table = sql.table('audit_signing_key');
      await sql.run(`update ${table} set valid_until = ? where valid_until is null and key_id <> ?`, [
        now,
        key.keyId,
      ]);
      const [existing] = await sql.all<{ public_key: string; valid_until: unknown }>(
        `select public_key, valid_until from ${table} where key_id = ?`,
        [key.keyId],
      );
      if (!existing) {
        await sql.run(
          `insert into ${table} (key_id, public_key, valid_from, valid_until) values (?, ?, ?, null)`,
          [key.keyId, key.publicKey, now],
        );
      } else if (existing.public_key !== key.publicKey) {
        throw new Error(`audit: key id ${key.keyId} is recorded with another public key`);
      } else if (existing.valid_until !== null && existing.valid_until !== undefined) {
        // An older key brought back: it is valid again from now on (its earlier period stays implied
        // by the checkpoints it signed).
        await sql.run(`update ${table} set valid_until = null where key_id = ?`, [key.keyId]);
      }
    });
  }
}

class SqlWriteTx implements AuditWriteTx {
  readonly nodes: MerkleNodeStore;

  constructor(
    private readonly sql: SqlSession,
    readonly size: number,
  ) {
    this.nodes = new SqlNodeStore(sql, size);
  }

  async markProcessed(consumer: string, eventIds: readonly string[], at: Date): Promise<Set<string>> {
    const recorded = new Set<string>();
    const unique = [...new Set(eventIds)];
    for (const part of chunks(unique, PROCESSED_CHUNK)) {
      const rows = await this.sql.all<{ event_id: string }>(
        `insert into ${this.sql.table('processed_event')} (consumer, event_id, applied_at) values ${placeholders(part.length, 3)} on conflict do nothing returning event_id`,
        part.flatMap((id) => [consumer, id, at]),
      );
      for (const row of rows) recorded.add(row.event_id);
    }
    return recorded;
  }

  async insertEntries(entries: readonly NewLogEntry[], appendedAt: Date): Promise<void> {
    for (const part of chunks(entries, ENTRY_CHUNK)) {
      await this.sql.run(
        `insert into ${this.sql.table('audit_entry')} (${ENTRY_COLUMNS.join(', ')}) values ${placeholders(part.length, ENTRY_COLUMNS.length)}`,
        part.flatMap((entry) => [
          entry.index,
          entry.id,
          entry.type,
          entry.source,
          entry.occurredAt,
          entry.actor,
          entry.subject,
          canonicalData(entry.data),
          entry.serverName,
          entry.serverId,
          entry.versionId,
          appendedAt,
        ]),
      );
    }
  }

  async setSize(newSize: number, at: Date): Promise<void> {
    const changed = await this.sql.run(
      `update ${this.sql.table('audit_tree_head')} set size = ?, updated_at = ? where id = 1 and size = ?`,
      [newSize, at, this.size],
    );
    if (changed !== 1) throw new Error('audit: the tree head moved while it was locked');
  }

  async addToWindows(hits: readonly WindowHit[]): Promise<void> {
    const table = this.sql.table('audit_security_window');
    for (const part of chunks(hits, 100)) {
      await this.sql.run(
        `insert into ${table} as w (type, subject, window_start, count, source, actor, first_event_id, first_at, last_at, sample) values ${placeholders(part.length, 10)}
         on conflict (type, subject, window_start) do update set
           count = w.count + excluded.count,
           first_event_id = case when excluded.first_at < w.first_at then excluded.first_event_id else w.first_event_id end,
           first_at = case when excluded.first_at < w.first_at then excluded.first_at else w.first_at end,
           last_at = case when excluded.last_at > w.last_at then excluded.last_at else w.last_at end`,
        part.flatMap((hit) => [
          hit.type,
          hit.subject,
          hit.windowStart,
          hit.count,
          hit.source,
          hit.actor,
          hit.firstEventId,
          hit.firstAt,
          hit.lastAt,
          hit.sample,
        ]),
      );
    }
  }

  async windowsStartedBy(startedBy: string): Promise<SecurityWindow[]> {
    const rows = await this.sql.all<{
      id: unknown;
      type: string;
      subject: string;
      window_start: string;
      count: unknown;
      source: string;
      actor: string;
      first_event_id: string;
      first_at: string;
      last_at: string;
      sample: string;
    }>(
      `select id, type, subject, window_start, count, source, actor, first_event_id, first_at, last_at, sample from ${this.sql.table('audit_security_window')} where window_start <= ? order by window_start, type, subject, id`,
      [startedBy],
    );
    return rows.map((row) => ({
      id: toInt(row.id),
      type: row.type,
      subject: row.subject,
      windowStart: row.window_start,
      count: toInt(row.count),
      source: row.source,
      actor: row.actor,
      firstEventId: row.first_event_id,
      firstAt: row.first_at,
      lastAt: row.last_at,
      sample: row.sample,
    }));
  }

  async deleteWindows(ids: readonly number[]): Promise<void> {
    for (const part of chunks(ids, 500)) {
      await this.sql.run(
        `delete from ${this.sql.table('audit_security_window')} where id in (${part.map(() => '?').join(', ')})`,
        part,
      );
    }
  }
}

class SqlReadView implements AuditReadView {
  readonly nodes: MerkleNodeStore;

  constructor(
    private readonly sql: SqlSession,
    readonly size: number,
  ) {
    this.nodes = new SqlNodeStore(sql, size);
  }

  async entries(filter: EntryFilter, afterIndex: number | undefined, limit: number): Promise<LogEntry[]> {
    const where: string[] = ['e.idx < ?'];
    const params: unknown[] = [this.size];
    if (afterIndex !== undefined) {
      where.push('e.idx > ?');
      params.push(afterIndex);
    }
    if (filter.types && filter.types.length > 0) {
      where.push(`e.type in (${filter.types.map(() => '?').join(', ')})`);
      params.push(...filter.types);
    }
    if (filter.subject !== undefined) {
      where.push('e.subject = ?');
      params.push(filter.subject);
    }
    if (filter.actor !== undefined) {
      where.push('e.actor = ?');
      params.push(filter.actor);
    }
    if (filter.since !== undefined) {
      where.push('e.occurred_at >= ?');
      params.push(filter.since.toISOString());
    }
    if (filter.until !== undefined) {
      where.push('e.occurred_at < ?');
      params.push(filter.until.toISOString());
    }
    params.push(limit);
    const rows = await this.sql.all<EntryRow>(
      `select ${ENTRY_SELECT} from ${this.sql.table('audit_entry')} e join ${this.sql.table('audit_merkle_node')} n on n.level = 0 and n.idx = e.idx where ${where.join(' and ')} order by e.idx limit ?`,
      params,
    );
    return rows.map(toEntry);
  }

  async trails(
    by: TrailKey,
    keys: readonly string[],
    families: readonly string[],
    afterIndex: number | undefined,
    limit: number,
  ): Promise<Map<string, LogEntry[]>> {
    const result = new Map<string, LogEntry[]>();
    if (keys.length === 0 || limit === 0) return result;
    const column = by === 'versionId' ? 'version_id' : 'server_name';
    for (const part of chunks(keys, 200)) {
      const params: unknown[] = [...part, this.size, ...families.map((family) => `${family}.%`)];
      let after = '';
      if (afterIndex !== undefined) {
        after = ' and e.idx > ?';
        params.push(afterIndex);
      }
      params.push(limit);
      // One query for every key: number each key's entries in log order and keep the first `limit`.
      const rows = await this.sql.all<EntryRow>(
        `select * from (
           select ${ENTRY_SELECT}, e.${column} as trail_key,
                  row_number() over (partition by e.${column} order by e.idx) as position
           from ${this.sql.table('audit_entry')} e
           join ${this.sql.table('audit_merkle_node')} n on n.level = 0 and n.idx = e.idx
           where e.${column} in (${part.map(() => '?').join(', ')}) and e.idx < ?
             and (${families.map(() => 'e.type like ?').join(' or ')})${after}
         ) t where t.position <= ? order by t.idx`,
        params,
      );
      for (const row of rows) {
        const key = row.trail_key as string;
        const list = result.get(key) ?? [];
        list.push(toEntry(row));
        result.set(key, list);
      }
    }
    return result;
  }
}

const ENTRY_SELECT =
  'e.idx, e.event_id, e.type, e.source, e.occurred_at, e.actor, e.subject, e.data, n.hash as leaf';

function toEntry(row: EntryRow): LogEntry {
  return {
    index: toInt(row.idx),
    id: row.event_id,
    type: row.type,
    source: row.source,
    occurredAt: row.occurred_at,
    actor: row.actor,
    subject: row.subject,
    data: JSON.parse(row.data) as Record<string, unknown>,
    leafHash: blobToBuffer(row.leaf).toString('hex'),
  };
}

interface CheckpointRow {
  tree_size: unknown;
  root_hash: string;
  origin: string;
  note: string;
  signature: string;
  key_id: string;
  issued_at: unknown;
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return {
    treeSize: toInt(row.tree_size),
    rootHash: row.root_hash,
    origin: row.origin,
    note: row.note,
    signature: row.signature,
    keyId: row.key_id,
    issuedAt: toDate(row.issued_at),
  };
}

/** A datetime column: epoch milliseconds on SQLite, a Date (or string) on PostgreSQL. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string' && /^\d+$/.test(value)) return new Date(Number(value));
  return new Date(String(value));
}

/** The stored form of `data`: exactly the canonical JSON that was hashed. */
function canonicalData(data: Record<string, unknown>): string {
  return canonicalJson(data);
}
