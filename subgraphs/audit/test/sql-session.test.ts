import { createOrm, createTestDatabase, migrateUp, type Orm, type TestDatabase } from '@mcpr/platform';
import { openAuditStore } from '../src/data/open-audit-store';
import { auditEntities } from '../src/data/entities';
import { auditMigrations } from '../src/data/migrations';
import { sqlSession, type SqlSession } from '../src/data/sql';

/** SQLite's `synchronous` levels as `pragma synchronous` reports them. */
const LEVEL = { normal: 1, full: 2 } as const;

describe('SqlSession synchronous levels on SQLite', () => {
  let database: TestDatabase;
  let orm: Orm;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite', 'audit');
    orm = await createOrm({ target: database.target, entities: auditEntities, migrations: auditMigrations });
    await migrateUp(orm);
  });

  afterEach(async () => {
    await orm.close(true);
    await database.drop();
  });

  const levelOf = async (sql: SqlSession) =>
    Number((await sql.all<{ synchronous: unknown }>('pragma synchronous'))[0]!.synchronous);

  it('commits each session at its own level, however their transactions interleave', async () => {
    const sessions = {
      full: sqlSession(orm, { sqliteSynchronous: 'full' }),
      normal: sqlSession(orm, { sqliteSynchronous: 'normal' }),
    };
    const seen: Record<keyof typeof sessions, number[]> = { full: [], normal: [] };
    // Started together, as the audit log's and the aggregates' consumers do: every BEGIN queues behind the
    // pragmas issued before it, so without turns each transaction would run at whichever level came last.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const name = i % 3 === 0 ? 'full' : 'normal';
        return sessions[name].transaction(async (tx) => {
          seen[name].push(await levelOf(tx));
          await tx.run(
            `insert into ${tx.table('analytics_minute')} (minute, metric, amount) values (?, ?, ?)`,
            [`2026-01-01T00:${String(i).padStart(2, '0')}:00.000Z`, 'searches', 1],
          );
        });
      }),
    );
    expect(seen.full).toHaveLength(14);
    expect(new Set(seen.full)).toEqual(new Set([LEVEL.full]));
    expect(new Set(seen.normal)).toEqual(new Set([LEVEL.normal]));
    // Outside transactions (the log's checkpoint insert is one statement) the connection is back at full.
    expect(await levelOf(sessions.full)).toBe(LEVEL.full);
  });

  it('gives the log full commits and the aggregates normal ones', async () => {
    const store = await openAuditStore(orm);
    expect(await store.sql.transaction(levelOf)).toBe(LEVEL.full);
    expect(await store.analyticsSql.transaction(levelOf)).toBe(LEVEL.normal);
    expect(await store.sql.transaction(levelOf)).toBe(LEVEL.full);
  });

  it('a failed transaction still hands the connection back at full', async () => {
    const normal = sqlSession(orm, { sqliteSynchronous: 'normal' });
    await expect(
      normal.transaction(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await levelOf(normal)).toBe(LEVEL.full);
  });
});
