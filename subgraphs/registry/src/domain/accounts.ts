import type { EntityManager } from '@mikro-orm/knex';
import { AccountEntity } from '../data/entities';

/** The account with this handle, created (persisted, not flushed) when it does not exist yet. */
export async function findOrCreateAccount(
  em: EntityManager,
  handle: string,
  now: Date,
): Promise<AccountEntity> {
  const existing = await em.findOne(AccountEntity, { handle });
  if (existing) return existing;
  const account = Object.assign(new AccountEntity(), { handle, createdAt: now });
  em.persist(account);
  return account;
}
