import {
  actorOf,
  failure,
  requireScope,
  Scope,
  success,
  userError,
  type Outcome,
  type UserErrorData,
} from '@mcpr/platform';
import type { EntityManager } from '@mikro-orm/knex';
import { NamespaceEntity, type AccountEntity } from '../data/entities';
import { emit, registryEvents, type EventOrigin } from '../events/registry-events';
import { findOrCreateAccount } from './accounts';
import type { DomainContext } from './context';
import { isValidHandle, isValidNamespaceName } from './names';
import { mapUniqueViolation, retryOnceOnUniqueViolation } from './unique-violation';

export interface CreateNamespaceInput {
  name: string;
  owner: string;
}

/**
 * Creates a namespace owned by `owner` (an account handle; the account is created if new). ADMIN only.
 * A duplicate name is a CONFLICT; names are reverse-DNS.
 */
export async function createNamespace(
  ctx: DomainContext,
  input: CreateNamespaceInput,
): Promise<Outcome<NamespaceEntity>> {
  requireScope(ctx.principal, Scope.ADMIN);
  const errors: UserErrorData[] = [];
  if (!isValidNamespaceName(input.name)) {
    errors.push(
      userError(
        'BAD_USER_INPUT',
        'A namespace is a reverse-DNS name such as io.github.alice or com.example.',
        ['name'],
      ),
    );
  }
  if (!isValidHandle(input.owner)) {
    errors.push(
      userError('BAD_USER_INPUT', 'An account handle uses letters, digits, ".", "_" and "-".', ['owner']),
    );
  }
  if (errors.length > 0) return failure(...errors);
  const origin = { actor: actorOf(ctx.principal), traceId: ctx.traceId };
  // The retry covers a concurrent first use of the same owner handle; a taken name stays a CONFLICT.
  return mapUniqueViolation(
    () =>
      retryOnceOnUniqueViolation(() =>
        ctx.em.transactional(async (em) => {
          if (await em.count(NamespaceEntity, { name: input.name })) {
            return failure(userError('CONFLICT', `Namespace ${input.name} already exists.`, ['name']));
          }
          const owner = await findOrCreateAccount(em, input.owner, ctx.now());
          return success(addNamespace(em, input.name, owner, origin, ctx.now()));
        }),
      ),
    () => userError('CONFLICT', `Namespace ${input.name} already exists.`, ['name']),
  );
}

/** Persists a new namespace and its `namespace.created` event in the caller's unit of work. */
export function addNamespace(
  em: EntityManager,
  name: string,
  owner: AccountEntity,
  origin: EventOrigin,
  now: Date,
): NamespaceEntity {
  const namespace = Object.assign(new NamespaceEntity(), { name, ownerId: owner.id, createdAt: now });
  em.persist(namespace);
  emit(em, registryEvents.namespaceCreated({ namespaceId: namespace.id, name, owner: owner.handle }, origin));
  return namespace;
}
