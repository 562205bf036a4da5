import type { MikroORM } from '@mikro-orm/core';

/**
 * Counts the SQL statements an ORM sends while `work` runs (every statement passes through the
 * connection's query log). For tests that pin how many round trips a read costs.
 */
export async function countStatements(orm: MikroORM, work: () => Promise<void>): Promise<number> {
  const connection = orm.em.getConnection() as unknown as { logQuery: (...args: unknown[]) => unknown };
  const original = connection.logQuery.bind(connection);
  let statements = 0;
  connection.logQuery = (...args: unknown[]) => {
    statements += 1;
    return original(...args);
  };
  try {
    await work();
  } finally {
    connection.logQuery = original;
  }
  return statements;
}
