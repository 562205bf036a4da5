/** The part of a libsql connection the cache wraps. */
interface PreparingConnection {
  prepare(sql: string): unknown;
}

/** Distinct statements kept per connection; beyond it the cache starts over (a bound, not an LRU). */
const MAX_STATEMENTS = 256;

/**
 * Makes a libsql connection reuse its prepared statements. knex's SQLite dialect prepares every query
 * anew, and compiling the SQL was ~2 % of a search's main thread in the embedded platform (a handful of
 * statements per request). A statement is safe to reuse here: the dialect runs it with `all` or `run`,
 * which finish synchronously, and never switches it to `raw`/`pluck` mode. SQLite re-prepares a cached
 * statement itself after a schema change. The pool replaces connections every few seconds, so the
 * cache's life is short as well.
 */
export function cacheStatements<C extends PreparingConnection>(connection: C): C {
  const prepare = connection.prepare.bind(connection);
  let statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size >= MAX_STATEMENTS) statements = new Map();
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return connection;
}
