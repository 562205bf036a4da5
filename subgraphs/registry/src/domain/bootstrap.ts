import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/knex';
import { EnvError, Scope } from '@mcpr/platform';
import { ApiKeyEntity } from '../data/entities';
import { findOrCreateAccount } from './accounts';
import { hashApiKey, isWellFormedApiKey } from '@mcpr/platform';
import { issueKey, type IssuedKey } from './api-keys';

/** The account that owns bootstrap and CLI-created admin keys. */
export const ADMIN_HANDLE = 'admin';
export const BOOTSTRAP_KEY_FILE = 'bootstrap-admin.key';
const SYSTEM_ORIGIN = { actor: 'system' };

/** True when at least one ADMIN key is usable (not revoked, not expired). */
export async function adminKeyExists(em: EntityManager, now: Date): Promise<boolean> {
  const count = await em.count(ApiKeyEntity, {
    isAdmin: true,
    revokedAt: null,
    $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }],
  });
  return count > 0;
}

/**
 * Creates an ADMIN key for the `admin` account (created if missing), with a generated secret or the one
 * given, in one transaction with its `apikey.created` event.
 */
export async function createAdminKey(
  em: EntityManager,
  options: { now: Date; name?: string; secret?: string },
): Promise<IssuedKey> {
  return em.transactional(async (tx) => {
    const account = await findOrCreateAccount(tx, ADMIN_HANDLE, options.now);
    return issueKey(
      tx,
      {
        accountId: account.id,
        handle: account.handle,
        name: options.name ?? 'admin',
        scopes: [Scope.ADMIN],
        namespaces: null,
        expiresAt: null,
        secret: options.secret,
      },
      SYSTEM_ORIGIN,
      options.now,
    );
  });
}

export interface BootstrapResult {
  created: boolean;
  /** The secret, only when a key was created now. */
  key?: string;
  /** `<DATA_DIR>/bootstrap-admin.key`. */
  file: string;
}

/**
 * First run: when no usable ADMIN key exists, create one (from `configuredKey` when given, else
 * generated) and write it to `<dataDir>/bootstrap-admin.key` (mode 600). Later runs change nothing, so
 * the file is never rewritten while an admin key exists.
 */
export async function ensureBootstrapAdmin(
  em: EntityManager,
  options: { dataDir: string; configuredKey?: string; now: Date },
): Promise<BootstrapResult> {
  const file = join(options.dataDir, BOOTSTRAP_KEY_FILE);
  if (await adminKeyExists(em, options.now)) return { created: false, file };
  const { configuredKey } = options;
  if (configuredKey !== undefined) {
    if (!isWellFormedApiKey(configuredKey)) {
      throw new EnvError(['MCPR_BOOTSTRAP_ADMIN_KEY: not a well-formed mcpr_ key (bad length or checksum)']);
    }
    if (await em.count(ApiKeyEntity, { keyHash: hashApiKey(configuredKey) })) {
      throw new EnvError([
        'MCPR_BOOTSTRAP_ADMIN_KEY: this key was used before and is revoked or expired; configure a new key',
      ]);
    }
  }
  const issued = await createAdminKey(em, {
    now: options.now,
    name: 'bootstrap admin',
    secret: configuredKey,
  });
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, `${issued.secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // mode only applies when the file is new
  return { created: true, key: issued.secret, file };
}
