import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import { createOrm, type Orm } from '../src';
import { cacheStatements } from '../src/orm/sqlite-statement-cache';

describe('cacheStatements', () => {
  it('prepares each SQL text once and starts over past its bound', () => {
    const prepared: string[] = [];
    const connection = cacheStatements({
      prepare: (sql: string) => {
        prepared.push(sql);
        return { sql };
      },
    });
    const a = connection.prepare('select 1');
    expect(connection.prepare('select 1')).toBe(a);
    connection.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2']);
    for (let i = 0; i < 300; i++) connection.prepare(`select ${i + 10}`);
    expect(prepared.length).toBe(302);
    expect(connection.prepare('select 309')).toBe(connection.prepare('select 309'));
  });
});

describe('SQLite ORM connections reuse prepared statements', () => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await createOrm({
      target: { dialect: 'sqlite', file: ':memory:' },
      entities: [],
      migrations: { sqlite: [], postgresql: [] },
    });
  });
  afterAll(() => orm.close());

  it('binds fresh values each time a cached statement runs', async () => {
    const connection = orm.em.getConnection();
    await connection.execute('create table probe (id integer primary key, name text)');
    for (const [id, name] of [
      [1, 'one'],
      [2, 'two'],
    ] as const)
      await connection.execute('insert into probe (id, name) values (?, ?)', [id, name]);
    const read = (id: number) => connection.execute('select name from probe where id = ?', [id]);
    expect(await read(2)).toEqual([{ name: 'two' }]);
    expect(await read(1)).toEqual([{ name: 'one' }]);
    expect(await read(3)).toEqual([]);
    const knex = (orm.em as SqlEntityManager).getKnex();
    const raw = (await knex.client.acquireConnection()) as { prepare(sql: string): unknown };
    try {
      expect(raw.prepare('select name from probe where id = ?')).toBe(
        raw.prepare('select name from probe where id = ?'),
      );
    } finally {
      await knex.client.releaseConnection(raw);
    }
  });
});
