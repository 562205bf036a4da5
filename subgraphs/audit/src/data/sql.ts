import { dialectOf, type Dialect, type Orm } from '@mcpr/platform';

/**
 * A thin raw-SQL session over the ORM's knex connection. The Merkle log's hot paths (append, proofs,
 * filtered pages) are a handful of hand-written statements that must bind Buffers as BLOB/bytea and
 * run inside one transaction; going through the unit of work would add an identity map and entity
 * hydration per row for nothing. Statements use `?` placeholders (knex turns them into `$n` on
 * PostgreSQL) and are written in the SQL both dialects share; the few differences (row locks) ask
 * {@link SqlSession.dialect}.
 */
export interface SqlSession {
  readonly dialect: Dialect;
  /** A table name, quoted and (on PostgreSQL) qualified with the service's schema. */
  table(name: AuditTable): string;
  /** Rows of a query (a `select`, or an `insert ... returning`). */
  all<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
}

/** Every table of the audit schema (the allow-list for {@link SqlSession.table}). */
export type AuditTable =
  | 'audit_entry'
  | 'audit_merkle_node'
  | 'audit_tree_head'
  | 'audit_checkpoint'
  | 'audit_signing_key'
  | 'audit_security_window'
  | 'processed_event'
  | 'analytics_minute'
  | 'analytics_query'
  | 'analytics_server_tier';

/** The part of knex this module uses (the audit package does not depend on knex's types). */
interface KnexRaw extends PromiseLike<unknown> {
  transacting(trx: unknown): KnexRaw;
}
interface KnexLike {
  raw(sql: string, bindings: readonly unknown[]): KnexRaw;
  transaction<T>(work: (trx: KnexLike) => Promise<T>): Promise<T>;
}
interface KnexConnection {
  getKnex(): KnexLike;
}

/** The raw result of knex: an array of rows (SQLite readers), `{changes}` (SQLite writes) or pg's Result. */
interface RawResult {
  rows?: unknown[];
  rowCount?: number | null;
  changes?: number;
}

export interface SqlSessionOptions {
  /**
   * SQLite only: the `synchronous` level of this session's write transactions. It is a per-connection
   * setting, so it is set before each BEGIN and, when it is not `full`, set back to `full` after the
   * commit; sessions on one ORM take turns for that (see {@link KnexSession.transaction}). Default: leave
   * the engine's (`full` in WAL mode).
   */
  sqliteSynchronous?: 'normal' | 'full';
}

/** Opens a {@link SqlSession} on a MikroORM instance (SQLite via libsql, or PostgreSQL). */
export function sqlSession(orm: Orm, options: SqlSessionOptions = {}): SqlSession {
  const connection = orm.em.getConnection() as unknown as Partial<KnexConnection>;
  if (typeof connection.getKnex !== 'function') {
    throw new Error('audit: the ORM driver is not SQL-based (knex connection expected)');
  }
  const dialect = dialectOf(orm);
  const schema = dialect === 'postgresql' ? String(orm.config.get('schema') ?? 'public') : undefined;
  const level = dialect === 'sqlite' ? options.sqliteSynchronous : undefined;
  return new KnexSession(
    connection.getKnex(),
    dialect,
    schema,
    level && {
      before: `pragma synchronous = ${level}`,
      after: level === 'full' ? undefined : 'pragma synchronous = full',
    },
  );
}

/** Statements around a root session's transactions (they cannot run inside one). */
interface TransactionFrame {
  before: string;
  after?: string;
}

/**
 * The transaction of each knex instance that sets a frame, so that sessions with different frames take
 * turns: otherwise one session's pragma could run between another's pragma and its BEGIN (all of them
 * queue for SQLite's one connection), and an audit commit would run at the analytics' level.
 */
const framedTransactions = new WeakMap<object, Promise<unknown>>();

class KnexSession implements SqlSession {
  constructor(
    private readonly knex: KnexLike,
    readonly dialect: Dialect,
    private readonly schema: string | undefined,
    /** Only on a root session. */
    private readonly frame?: TransactionFrame,
  ) {}

  table(name: AuditTable): string {
    return this.schema ? `${quote(this.schema)}.${quote(name)}` : quote(name);
  }

  async all<T extends object>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = (await this.knex.raw(sql, params)) as RawResult | unknown[];
    if (Array.isArray(result)) return result as T[];
    return (result.rows ?? []) as T[];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const result = (await this.knex.raw(sql, params)) as RawResult | unknown[];
    if (Array.isArray(result)) return result.length;
    return result.changes ?? result.rowCount ?? 0;
  }

  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    const run = () => this.knex.transaction((trx) => work(new KnexSession(trx, this.dialect, this.schema)));
    const frame = this.frame;
    if (!frame) return run();
    const previous = framedTransactions.get(this.knex) ?? Promise.resolve();
    const framed = previous
      .catch(() => undefined)
      .then(async () => {
        await this.knex.raw(frame.before, []);
        try {
          return await run();
        } finally {
          if (frame.after) await this.knex.raw(frame.after, []);
        }
      });
    framedTransactions.set(this.knex, framed);
    return framed;
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `columns` placeholders. */
export function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** Splits `items` into chunks of at most `size` (bound-parameter limits of multi-row statements). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A bigint column as a JS number (pg returns bigint as a string, libsql as a number). */
export function toInt(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n))
    throw new Error(`audit: expected an integer column value, got ${String(value)}`);
  return n;
}
