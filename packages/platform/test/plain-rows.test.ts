import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import {
  createOrm,
  createTestDatabase,
  selectPlainRows,
  testDialects,
  type Orm,
  type TestDatabase,
} from '../src';

@Entity({ tableName: 'plain_row_probe' })
class ProbeEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 100, fieldName: 'display_name' })
  displayName!: string;

  @Property({ type: 'json' })
  reasons: string[] = [];

  @Property({ type: 'json', nullable: true })
  meta: Record<string, unknown> | null = null;

  @Property({ type: 'integer' })
  installs: number = 0;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'Date', nullable: true })
  changedAt: Date | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}

describe.each(testDialects())('selectPlainRows on %s', (dialect) => {
  let db: TestDatabase;
  let orm: Orm;

  beforeEach(async () => {
    db = await createTestDatabase(dialect, 'plainrows');
    orm = await createOrm({
      target: db.target,
      entities: [ProbeEntity],
      migrations: { sqlite: [], postgresql: [] },
    });
    await orm.getSchemaGenerator().createSchema();
    const em = orm.em.fork();
    em.create(ProbeEntity, {
      id: 'a',
      displayName: 'Alpha',
      reasons: ['signed', 'audited'],
      meta: { url: 'https://x.test', n: 2 },
      installs: 7,
      active: false,
      changedAt: new Date('2026-01-02T03:04:05.678Z'),
      createdAt: new Date('2025-12-31T23:59:59.000Z'),
    });
    em.create(ProbeEntity, {
      id: 'b',
      displayName: 'Beta',
      reasons: [],
      meta: null,
      installs: 0,
      active: true,
      createdAt: new Date('2026-02-01T00:00:00.000Z'),
    });
    await em.flush();
  });
  afterEach(async () => {
    await orm.close(true);
    await db.drop();
  });

  it('reads what em.find reads, as plain data with JS values', async () => {
    const em = orm.em.fork() as unknown as EntityManager;
    const plain = await selectPlainRows(em, ProbeEntity, { id: { $in: ['a', 'b'] } });
    const found = await orm.em.fork().find(ProbeEntity, { id: { $in: ['a', 'b'] } });
    const byId = (rows: readonly { id: string }[]) => [...rows].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(plain).map((row) => ({ ...row }))).toEqual(byId(found).map((row) => ({ ...row })));
    const a = plain.find((row) => row.id === 'a')!;
    expect(a.changedAt).toBeInstanceOf(Date);
    expect(a.changedAt!.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(a.reasons).toEqual(['signed', 'audited']);
    expect(a.meta).toEqual({ url: 'https://x.test', n: 2 });
    expect(a.active).toBe(false);
    expect(a.installs).toBe(7);
    expect(a).not.toBeInstanceOf(ProbeEntity);
  });

  it('leaves the identity map alone', async () => {
    const em = orm.em.fork() as unknown as EntityManager;
    await selectPlainRows(em, ProbeEntity, { displayName: 'Alpha' });
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    const entity = await em.findOneOrFail(ProbeEntity, { id: 'a' });
    expect(entity).toBeInstanceOf(ProbeEntity);
  });
});
