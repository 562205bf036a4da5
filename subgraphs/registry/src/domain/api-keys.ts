import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import {
  actorOf,
  decodeCursor,
  encodeCursor,
  failure,
  isAdmin,
  isScope,
  requireKey,
  forbidden,
  AppError,
  Scope,
  success,
  userError,
  type KeyPrincipal,
  type Outcome,
  type UserErrorData,
} from '@mcpr/platform';
import { AccountEntity, ApiKeyEntity, NamespaceEntity } from '../data/entities';
import { emit, registryEvents, type EventOrigin } from '../events/registry-events';
import { findOrCreateAccount } from './accounts';
import { retryOnceOnUniqueViolation } from './unique-violation';
import { displayPrefix, generateApiKey, hashApiKey, isWellFormedApiKey } from '@mcpr/platform';
import type { DomainContext } from './context';
import { isValidHandle, isValidNamespacePattern, normalisePattern } from './names';
import { assertMayGrant } from './permissions';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** lastUsedAt is written at most this often per key, so verification does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
export const MAX_KEY_LIFETIME_DAYS = 3650;
export const DEFAULT_ROTATION_GRACE_HOURS = 24;
export const MAX_ROTATION_GRACE_HOURS = 168;
const MAX_PATTERNS = 50;

/** A key as handed out: the row and, once, its secret. */
export interface IssuedKey {
  key: ApiKeyEntity;
  secret: string;
}

export interface CreateApiKeyInput {
  account?: string | null;
  name: string;
  scopes: Scope[];
  namespaces?: string[] | null;
  expiresInDays?: number | null;
}

/**
 * The patterns a key may publish/manage under: its explicit patterns, or `<ns>/*` for each namespace its
 * account owns now (which is why a key without patterns follows later namespace changes).
 */
export async function effectivePatterns(
  em: EntityManager,
  key: Pick<ApiKeyEntity, 'accountId' | 'namespaces'>,
): Promise<string[]> {
  if (key.namespaces) return key.namespaces;
  const owned = await em.find(NamespaceEntity, { ownerId: key.accountId }, { orderBy: { name: 'asc' } });
  return owned.map((namespace) => `${namespace.name}/*`);
}

/**
 * Creates an API key. ADMIN may create one for any account (an unknown account is created); any other
 * key only for its own account, and never with a scope or namespace it does not have itself (FORBIDDEN).
 * A key created without `namespaces` by a key that has explicit patterns inherits those patterns (it
 * would otherwise follow every namespace the account owns, which is broader); a non-admin key's expiry
 * also caps the new key's, so a short-lived key cannot mint a long-lived one.
 */
export async function createApiKey(
  ctx: DomainContext,
  input: CreateApiKeyInput,
): Promise<Outcome<IssuedKey>> {
  const caller = requireKey(ctx.principal);
  const admin = isAdmin(caller);
  const handle = input.account ?? caller.handle;
  if (!admin && handle !== caller.handle) {
    throw forbidden('Only an ADMIN key may create keys for another account.');
  }
  const scopes = [...new Set(input.scopes)];
  let namespaces = input.namespaces ? [...new Set(input.namespaces.map(normalisePattern))] : null;
  let callerKey: ApiKeyEntity | null = null;
  if (!admin) {
    callerKey = await ctx.em.findOne(ApiKeyEntity, { id: caller.keyId });
    if (!callerKey) throw forbidden('The calling key no longer exists.');
    namespaces ??= callerKey.namespaces;
    assertMayGrant(caller, { scopes, namespaces: namespaces ?? caller.namespacePatterns });
  }

  const errors = validateKeyInput({ ...input, account: handle, scopes, namespaces });
  if (errors.length > 0) return failure(...errors);

  const now = ctx.now();
  let expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null;
  if (callerKey?.expiresAt && (!expiresAt || expiresAt > callerKey.expiresAt))
    expiresAt = callerKey.expiresAt;

  const origin = { actor: actorOf(caller), traceId: ctx.traceId };
  return retryOnceOnUniqueViolation(() =>
    ctx.em.transactional(async (em) => {
      const account = admin
        ? await findOrCreateAccount(em, handle, now)
        : await em.findOneOrFail(AccountEntity, { id: caller.accountId });
      return success(
        issueKey(
          em,
          {
            accountId: account.id,
            handle: account.handle,
            name: input.name.trim(),
            scopes,
            namespaces,
            expiresAt,
          },
          origin,
          now,
        ),
      );
    }),
  );
}

function validateKeyInput(
  input: CreateApiKeyInput & { account: string; namespaces: string[] | null },
): UserErrorData[] {
  const errors: UserErrorData[] = [];
  if (!isValidHandle(input.account)) {
    errors.push(
      userError('BAD_USER_INPUT', 'An account handle uses letters, digits, ".", "_" and "-".', ['account']),
    );
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    errors.push(userError('BAD_USER_INPUT', 'A key name has 1 to 100 characters.', ['name']));
  }
  if (input.scopes.length === 0 || !input.scopes.every(isScope)) {
    errors.push(userError('BAD_USER_INPUT', 'A key needs at least one scope.', ['scopes']));
  }
  if (input.namespaces) {
    if (input.namespaces.length > MAX_PATTERNS) {
      errors.push(
        userError('BAD_USER_INPUT', `A key has at most ${MAX_PATTERNS} namespace patterns.`, ['namespaces']),
      );
    }
    (input.namespaces ?? []).forEach((pattern, index) => {
      if (!isValidNamespacePattern(pattern)) {
        errors.push(
          userError('BAD_USER_INPUT', `"${pattern}" is not a namespace pattern such as io.github.acme/*.`, [
            'namespaces',
            String(index),
          ]),
        );
      }
    });
  }
  const days = input.expiresInDays;
  if (
    days !== null &&
    days !== undefined &&
    (!Number.isInteger(days) || days < 1 || days > MAX_KEY_LIFETIME_DAYS)
  ) {
    errors.push(
      userError('BAD_USER_INPUT', `expiresInDays is a whole number from 1 to ${MAX_KEY_LIFETIME_DAYS}.`, [
        'expiresInDays',
      ]),
    );
  }
  return errors;
}

interface NewKey {
  accountId: string;
  handle: string;
  name: string;
  scopes: Scope[];
  namespaces: string[] | null;
  expiresAt: Date | null;
  rotatedFromId?: string | null;
  secret?: string;
}

/** Persists a new key and its `apikey.created` event in the caller's unit of work. */
export function issueKey(em: EntityManager, spec: NewKey, origin: EventOrigin, now: Date): IssuedKey {
  const secret = spec.secret ?? generateApiKey();
  const key = Object.assign(new ApiKeyEntity(), {
    accountId: spec.accountId,
    name: spec.name,
    prefix: displayPrefix(secret),
    keyHash: hashApiKey(secret),
    scopes: spec.scopes,
    namespaces: spec.namespaces,
    isAdmin: spec.scopes.includes(Scope.ADMIN),
    expiresAt: spec.expiresAt,
    rotatedFromId: spec.rotatedFromId ?? null,
    createdAt: now,
  });
  em.persist(key);
  emit(
    em,
    registryEvents.apiKeyCreated(
      {
        keyId: key.id,
        accountId: key.accountId,
        handle: spec.handle,
        name: key.name,
        prefix: key.prefix,
        scopes: key.scopes,
        namespaces: key.namespaces,
        expiresAt: key.expiresAt?.toISOString() ?? null,
        rotatedFromId: key.rotatedFromId,
      },
      origin,
    ),
  );
  return { key, secret };
}

/** The key `id` as the caller may see it: its own account's keys, or any key for ADMIN. */
async function findVisibleKey(
  em: EntityManager,
  caller: KeyPrincipal,
  id: string,
): Promise<ApiKeyEntity | null> {
  const key = await em.findOne(ApiKeyEntity, { id });
  if (!key) return null;
  // Another account's key is indistinguishable from an unknown one, so ids cannot be probed.
  return isAdmin(caller) || key.accountId === caller.accountId ? key : null;
}

/**
 * Revokes a key of the caller's account (ADMIN: any key). Revoking twice is harmless (no second event).
 * The gateway drops its cached verification on `apikey.revoked`.
 */
export async function revokeApiKey(ctx: DomainContext, id: string): Promise<Outcome<ApiKeyEntity>> {
  const caller = requireKey(ctx.principal);
  return ctx.em.transactional(async (em) => {
    const key = await findVisibleKey(em, caller, id);
    if (!key) return failure(userError('NOT_FOUND', `No API key with id ${id}.`, ['id']));
    if (key.revokedAt) return success(key);
    key.revokedAt = ctx.now();
    emit(
      em,
      registryEvents.apiKeyRevoked(
        { keyId: key.id, accountId: key.accountId, prefix: key.prefix, keyHash: key.keyHash },
        { actor: actorOf(caller), traceId: ctx.traceId },
      ),
    );
    return success(key);
  });
}

export interface RotatedKey extends IssuedKey {
  previous: ApiKeyEntity;
}

/**
 * Replaces a key by a new one with the same account, name, scopes, namespaces and expiry; the old key
 * stays valid for the grace period (its expiry becomes min(existing, now + grace)) so deployments can
 * switch over. Rotating hands out a secret, so a non-admin caller must be allowed to grant what the key
 * has (a narrow key cannot rotate its account's broader key to obtain it).
 */
export async function rotateApiKey(
  ctx: DomainContext,
  input: { id: string; gracePeriodHours?: number | null },
): Promise<Outcome<RotatedKey>> {
  const caller = requireKey(ctx.principal);
  const grace = input.gracePeriodHours ?? DEFAULT_ROTATION_GRACE_HOURS;
  const origin = { actor: actorOf(caller), traceId: ctx.traceId };
  return ctx.em.transactional(async (em) => {
    const old = await findVisibleKey(em, caller, input.id);
    if (!old) return failure(userError('NOT_FOUND', `No API key with id ${input.id}.`, ['id']));
    assertMayGrant(caller, { scopes: old.scopes, namespaces: await effectivePatterns(em, old) });
    const now = ctx.now();
    const errors: UserErrorData[] = [];
    if (!Number.isInteger(grace) || grace < 0 || grace > MAX_ROTATION_GRACE_HOURS) {
      errors.push(
        userError(
          'BAD_USER_INPUT',
          `gracePeriodHours is a whole number from 0 to ${MAX_ROTATION_GRACE_HOURS}.`,
          ['gracePeriodHours'],
        ),
      );
    }
    if (old.revokedAt) errors.push(userError('BAD_USER_INPUT', 'A revoked key cannot be rotated.', ['id']));
    else if (old.expiresAt && old.expiresAt <= now) {
      errors.push(userError('BAD_USER_INPUT', 'An expired key cannot be rotated; create a new key.', ['id']));
    }
    if (errors.length > 0) return failure(...errors);

    const account = await em.findOneOrFail(AccountEntity, { id: old.accountId });
    const issued = issueKey(
      em,
      {
        accountId: old.accountId,
        handle: account.handle,
        name: old.name,
        scopes: old.scopes,
        namespaces: old.namespaces,
        expiresAt: old.expiresAt,
        rotatedFromId: old.id,
      },
      origin,
      now,
    );
    const graceEnd = new Date(now.getTime() + grace * HOUR_MS);
    if (!old.expiresAt || old.expiresAt > graceEnd) old.expiresAt = graceEnd;
    return success({ ...issued, previous: old });
  });
}

/** Why a presented key was refused (the internal verification endpoint's `reason`). */
export type KeyRejection = 'malformed' | 'unknown' | 'expired' | 'revoked';

export type KeyVerification = { ok: true; principal: KeyPrincipal } | { ok: false; reason: KeyRejection };

/**
 * Verifies a presented key for the gateway: checksum first (no database work for typos and forgeries),
 * then the stored hash, revocation and expiry. Touches `lastUsedAt` at most once a minute, with a
 * conditional UPDATE so concurrent verifications do not all write.
 */
export async function verifyApiKey(
  em: EntityManager,
  presented: unknown,
  now: Date,
): Promise<KeyVerification> {
  if (!isWellFormedApiKey(presented)) return { ok: false, reason: 'malformed' };
  const key = await em.findOne(ApiKeyEntity, { keyHash: hashApiKey(presented) });
  if (!key) return { ok: false, reason: 'unknown' };
  if (key.revokedAt) return { ok: false, reason: 'revoked' };
  if (key.expiresAt && key.expiresAt <= now) return { ok: false, reason: 'expired' };
  const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!key.lastUsedAt || key.lastUsedAt < threshold) {
    await em.nativeUpdate(
      ApiKeyEntity,
      { id: key.id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: threshold } }] },
      { lastUsedAt: now },
    );
  }
  return { ok: true, principal: await principalOf(em, key) };
}

/** The principal a stored key stands for. */
export async function principalOf(em: EntityManager, key: ApiKeyEntity): Promise<KeyPrincipal> {
  const account = await em.findOneOrFail(AccountEntity, { id: key.accountId });
  return {
    kind: 'key',
    keyId: key.id,
    accountId: key.accountId,
    handle: account.handle,
    scopes: key.scopes,
    // ADMIN covers every namespace; listing the account's namespaces would only grow the signed gateway
    // token with every namespace an admin ever published under (past Node's 16 KB header limit).
    namespacePatterns: key.scopes.includes(Scope.ADMIN) ? ['*'] : await effectivePatterns(em, key),
    expiresAt: key.expiresAt?.toISOString() ?? null,
  };
}

/** One page of the caller's own keys, newest first (never secrets or hashes: callers map the rows). */
export async function listOwnKeys(
  ctx: DomainContext,
  page: { first: number; after?: string | null },
): Promise<{ keys: ApiKeyEntity[]; hasNextPage: boolean; totalCount: number }> {
  const caller = requireKey(ctx.principal);
  const where: FilterQuery<ApiKeyEntity> = { accountId: caller.accountId };
  if (page.after) {
    const afterId = decodeCursor<string>('apikey', page.after);
    if (typeof afterId !== 'string') throw new AppError('BAD_USER_INPUT', 'The `after` cursor is not valid.');
    where.id = { $lt: afterId };
  }
  const rows = await ctx.em.find(ApiKeyEntity, where, { orderBy: { id: 'desc' }, limit: page.first + 1 });
  const totalCount = await ctx.em.count(ApiKeyEntity, { accountId: caller.accountId });
  return { keys: rows.slice(0, page.first), hasNextPage: rows.length > page.first, totalCount };
}

/** The cursor of a key in `listOwnKeys`. */
export const apiKeyCursor = (key: ApiKeyEntity): string => encodeCursor('apikey', key.id);
