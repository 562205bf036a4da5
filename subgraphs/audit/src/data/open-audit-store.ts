import type { Orm } from '@mcpr/platform';
import { SqlAuditRepository } from './sql-audit-repository';
import { sqlSession, type SqlSession } from './sql';

/** The audit log's storage on an opened (and migrated) ORM. */
export interface AuditStore {
  sql: SqlSession;
  repository: SqlAuditRepository;
  /**
   * The session of the analytics aggregates, on the same database. On SQLite its commits are not synced
   * (`normal`): the aggregates are counts derived from events, committed once per event (for a search, on
   * the thread that serves searches in embedded mode), and an OS crash or power cut may lose the last few
   * counts, never the log's entries. An application crash loses nothing either way.
   */
  analyticsSql: SqlSession;
}

export interface AuditStoreOptions {
  /**
   * SQLite only. `full` (default): every commit is durable (one fsync of the WAL per commit).
   * `normal`: no fsync at commit — an application crash still loses nothing, but an OS crash or power
   * cut may lose the last commits. The in-process bus acknowledges an event (and the producer's relay
   * marks it sent) once the log committed it, so only `full` guarantees that an acknowledged event is
   * in the log after a power cut; `normal` exists for benchmarks and deliberate trade-offs.
   */
  sqliteSynchronous?: 'full' | 'normal';
}

/**
 * Opens the log's storage. On SQLite (embedded mode) the file runs in WAL mode: a commit appends to the
 * log file and syncs it once, instead of the rollback journal's several syncs, and readers (proofs,
 * pages) never wait for the writer.
 */
export async function openAuditStore(orm: Orm, options: AuditStoreOptions = {}): Promise<AuditStore> {
  const sql = sqlSession(orm, { sqliteSynchronous: options.sqliteSynchronous ?? 'full' });
  if (sql.dialect === 'sqlite') await sql.all('pragma journal_mode = wal');
  return {
    sql,
    repository: new SqlAuditRepository(sql),
    analyticsSql: sqlSession(orm, { sqliteSynchronous: 'normal' }),
  };
}
