import {
  actorOf,
  failure,
  forbidden,
  isAdmin,
  requireScope,
  Scope,
  success,
  userError,
  type Outcome,
} from '@mcpr/platform';
import { PublisherKeyEntity } from '../data/entities';
import { emit, trustEvents } from '../events/trust-events';
import type { DomainContext } from './context';
import { parsePublicKey } from './signatures';

export interface RegisterPublisherKeyInput {
  /** Standard or URL-safe base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** ADMIN only: the account to register the key for (default: the caller's). */
  account?: string | null;
}

/**
 * Registers an Ed25519 public key for the caller's account (scope SERVERS_PUBLISH: publishers sign their
 * manifests; ADMIN may register for any account). Its id is the `keyId` manifests name in
 * `_meta["io.mcpr/signature"]`. The same active key twice for one account is a CONFLICT.
 */
export async function registerPublisherKey(
  ctx: DomainContext,
  input: RegisterPublisherKeyInput,
): Promise<Outcome<PublisherKeyEntity>> {
  const caller = requireScope(ctx.principal, Scope.SERVERS_PUBLISH);
  const account = input.account?.trim() || caller.handle;
  if (account !== caller.handle && !isAdmin(caller)) {
    throw forbidden('Only an admin may register a publisher key for another account.');
  }
  const parsed = parsePublicKey(input.publicKey);
  if (!parsed) {
    return failure(
      userError(
        'BAD_USER_INPUT',
        'publicKey must be the base64 encoding of a raw 32-byte Ed25519 public key.',
        ['publicKey'],
      ),
    );
  }
  return ctx.em.transactional(async (em): Promise<Outcome<PublisherKeyEntity>> => {
    if (await em.count(PublisherKeyEntity, { account, fingerprint: parsed.fingerprint, revokedAt: null })) {
      return failure(userError('CONFLICT', `This key is already registered for ${account}.`, ['publicKey']));
    }
    const now = ctx.now();
    const key = Object.assign(new PublisherKeyEntity(), {
      account,
      publicKey: parsed.publicKey,
      fingerprint: parsed.fingerprint,
      createdBy: caller.handle,
      createdAt: now,
    });
    em.persist(key);
    emit(
      em,
      trustEvents.signatureKeyRegistered(
        { keyId: key.id, account, fingerprint: key.fingerprint },
        { actor: actorOf(caller), traceId: ctx.traceId, occurredAt: now },
      ),
    );
    return success(key);
  });
}

/**
 * Revokes a publisher key of the caller's account (ADMIN: any). Manifests it signed then show
 * REVOKED_KEY. Another account's key answers NOT_FOUND, like an unknown id; revoking twice is a no-op.
 */
export async function revokePublisherKey(
  ctx: DomainContext,
  id: string,
): Promise<Outcome<PublisherKeyEntity>> {
  const caller = requireScope(ctx.principal, Scope.SERVERS_PUBLISH);
  return ctx.em.transactional(async (em): Promise<Outcome<PublisherKeyEntity>> => {
    const key = await em.findOne(PublisherKeyEntity, { id });
    if (!key || (key.account !== caller.handle && !isAdmin(caller))) {
      return failure(userError('NOT_FOUND', `No publisher key ${id} of this account.`, ['id']));
    }
    if (key.revokedAt) return success(key);
    const now = ctx.now();
    key.revokedAt = now;
    key.revokedBy = caller.handle;
    emit(
      em,
      trustEvents.signatureKeyRevoked(
        { keyId: key.id, account: key.account, fingerprint: key.fingerprint },
        { actor: actorOf(caller), traceId: ctx.traceId, occurredAt: now },
      ),
    );
    return success(key);
  });
}
