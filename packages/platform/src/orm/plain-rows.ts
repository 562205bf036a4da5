import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';

/** A stored row as plain data: the entity's properties, read-only, and not managed by any EntityManager. */
export type PlainRow<T> = { readonly [K in keyof T]: T[K] };

/**
 * Rows of `entity` matching `where`, as plain data: property names and JS values (dates, JSON) as the
 * entity maps them, but no entity instances and nothing added to the identity map. For read paths that only
 * turn rows into API objects, such as the `_entities` batches the gateway sends with every search: for ten
 * servers on SQLite, hydrating entities cost about three times the query itself. Never persist what this
 * returns; load the entity for a write.
 */
export async function selectPlainRows<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
): Promise<PlainRow<T>[]> {
  const rows = await em
    .createQueryBuilder(entity)
    .select('*')
    .where(where)
    .execute<Record<string, unknown>[]>('all', true);
  // The query builder maps names and dates but leaves custom types (JSON on SQLite arrives as text) to
  // hydration, which is skipped here: convert them as the hydrator would.
  const platform = em.getPlatform();
  const custom = em
    .getMetadata()
    .get(entity.name)
    .props.filter((prop) => prop.customType);
  for (const row of rows) {
    for (const prop of custom) {
      const value = row[prop.name];
      if (value !== null && value !== undefined)
        row[prop.name] = prop.customType!.convertToJSValue(value, platform);
    }
  }
  return rows as PlainRow<T>[];
}
