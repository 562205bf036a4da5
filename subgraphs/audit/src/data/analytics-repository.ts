import { ANALYTICS_CONSUMER, MAX_QUERIES_PER_MINUTE, type AnalyticsMetric } from '../domain/analytics';
import type { AnalyticsChange, AnalyticsRepository, MinuteCount } from '../domain/analytics-repository';
import { chunks, placeholders, type SqlSession } from './sql';

/** Rows per INSERT into processed_event (3 parameters each). */
const PROCESSED_CHUNK = 500;

/**
 * The analytics aggregates on SQLite or PostgreSQL (tables of `Migration0002Analytics`), in the SQL both
 * dialects share: upserts are `insert … on conflict … do update` with `excluded`.
 */
export class SqlAnalyticsRepository implements AnalyticsRepository {
  constructor(
    private readonly sql: SqlSession,
    private readonly maxQueriesPerMinute = MAX_QUERIES_PER_MINUTE,
  ) {}

  apply(changes: readonly AnalyticsChange[]): Promise<number> {
    if (changes.length === 0) return Promise.resolve(0);
    return this.sql.transaction(async (sql) => {
      const fresh = await recordProcessed(
        sql,
        changes.map((change) => change.eventId),
        new Date(),
      );
      let applied = 0;
      const done = new Set<string>();
      for (const { eventId, effects } of changes) {
        if (!fresh.has(eventId) || done.has(eventId)) continue;
        done.add(eventId);
        applied += 1;
        if (effects.count) await addCount(sql, effects.minute, effects.count.metric, effects.count.amount);
        if (effects.query) {
          await addQuery(
            sql,
            effects.minute,
            effects.query.text,
            effects.query.amount,
            this.maxQueriesPerMinute,
          );
        }
        if (effects.tier) await setTier(sql, effects.tier);
      }
      return applied;
    });
  }

  async counts(sinceMinute: string): Promise<MinuteCount[]> {
    const rows = await this.sql.all<{ minute: string; metric: string; amount: unknown }>(
      `select minute, metric, amount from ${this.sql.table('analytics_minute')} where minute >= ? order by minute`,
      [sinceMinute],
    );
    return rows.map((row) => ({
      minute: row.minute,
      metric: row.metric as AnalyticsMetric,
      amount: Number(row.amount),
    }));
  }

  async topQueries(sinceMinute: string, limit: number): Promise<{ value: string; count: number }[]> {
    const rows = await this.sql.all<{ query: string; total: unknown }>(
      `select query, sum(amount) as total from ${this.sql.table('analytics_query')} where minute >= ? group by query order by total desc, query limit ?`,
      [sinceMinute, limit],
    );
    return rows.map((row) => ({ value: row.query, count: Number(row.total) }));
  }

  async tierCounts(): Promise<{ value: string; count: number }[]> {
    const rows = await this.sql.all<{ tier: string; servers: unknown }>(
      `select tier, count(*) as servers from ${this.sql.table('analytics_server_tier')} group by tier`,
    );
    return rows.map((row) => ({ value: row.tier, count: Number(row.servers) }));
  }

  prune(beforeMinute: string, appliedBefore: Date): Promise<number> {
    return this.sql.transaction(async (sql) => {
      let deleted = await sql.run(`delete from ${sql.table('analytics_minute')} where minute < ?`, [
        beforeMinute,
      ]);
      deleted += await sql.run(`delete from ${sql.table('analytics_query')} where minute < ?`, [
        beforeMinute,
      ]);
      deleted += await sql.run(
        `delete from ${sql.table('processed_event')} where consumer = ? and applied_at < ?`,
        [ANALYTICS_CONSUMER, appliedBefore],
      );
      return deleted;
    });
  }
}

/** Inserts `processed_event` rows; returns the ids that were not there yet. */
async function recordProcessed(sql: SqlSession, eventIds: readonly string[], at: Date): Promise<Set<string>> {
  const recorded = new Set<string>();
  for (const part of chunks([...new Set(eventIds)], PROCESSED_CHUNK)) {
    const rows = await sql.all<{ event_id: string }>(
      `insert into ${sql.table('processed_event')} (consumer, event_id, applied_at) values ${placeholders(part.length, 3)} on conflict do nothing returning event_id`,
      part.flatMap((id) => [ANALYTICS_CONSUMER, id, at]),
    );
    for (const row of rows) recorded.add(row.event_id);
  }
  return recorded;
}

async function addCount(
  sql: SqlSession,
  minute: string,
  metric: AnalyticsMetric,
  amount: number,
): Promise<void> {
  await sql.run(
    `insert into ${sql.table('analytics_minute')} as m (minute, metric, amount) values (?, ?, ?) on conflict (minute, metric) do update set amount = m.amount + excluded.amount`,
    [minute, metric, amount],
  );
}

/**
 * Counts a query in its minute. A query already counted in that minute is incremented; a new one is
 * inserted only while the minute holds fewer than `cap` distinct queries, so a flood of unique queries
 * cannot grow the table without bound (the searches metric still counts them).
 */
async function addQuery(
  sql: SqlSession,
  minute: string,
  text: string,
  amount: number,
  cap: number,
): Promise<void> {
  const table = sql.table('analytics_query');
  const updated = await sql.run(`update ${table} set amount = amount + ? where minute = ? and query = ?`, [
    amount,
    minute,
    text,
  ]);
  if (updated > 0) return;
  await sql.run(
    `insert into ${table} as q (minute, query, amount) select ?, ?, ? where (select count(*) from ${table} where minute = ?) < ? on conflict (minute, query) do update set amount = q.amount + excluded.amount`,
    [minute, text, amount, minute, cap],
  );
}

/**
 * `default` (server.created): UNVERIFIED unless the server is known, stored with an empty `changed_at`
 * so that any change outranks it. `change` (tier.changed): the new tier, unless a later change is
 * already stored (events of one server may arrive out of order).
 */
async function setTier(
  sql: SqlSession,
  tier: { server: string; tier: string; at: string; kind: 'default' | 'change' },
): Promise<void> {
  const table = sql.table('analytics_server_tier');
  if (tier.kind === 'default') {
    await sql.run(
      `insert into ${table} (server_name, tier, changed_at) values (?, ?, ?) on conflict do nothing`,
      [tier.server, tier.tier, ''],
    );
    return;
  }
  await sql.run(
    `insert into ${table} as t (server_name, tier, changed_at) values (?, ?, ?) on conflict (server_name) do update set tier = excluded.tier, changed_at = excluded.changed_at where excluded.changed_at >= t.changed_at`,
    [tier.server, tier.tier, tier.at],
  );
}
