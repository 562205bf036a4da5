import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger, Orm, Principal } from '@mcpr/platform';
import { createRegistryLoaders, type RegistryLoaders } from './data/loaders';
import type { RegistryReadCache } from './data/read-cache';
import type { DomainContext } from './domain/context';

/** What every registry resolver receives; built once per request. */
export interface RegistryContext {
  em: EntityManager;
  loaders: RegistryLoaders;
  principal: Principal;
  logger: Logger;
  requestId: string;
  now: () => Date;
}

export interface RegistryContextInput {
  orm: Orm;
  principal: Principal;
  logger: Logger;
  requestId?: string;
  now?: () => Date;
  /** The process-wide cache of immutable rows; omitted, the request reads everything from the database. */
  readCache?: RegistryReadCache;
}

/**
 * A request's context: a forked EntityManager (its own identity map and unit of work), fresh
 * DataLoaders over it and the verified principal. Tests build their `contextValue` with this too.
 */
export function createRegistryContext(input: RegistryContextInput): RegistryContext {
  const em = input.orm.em.fork() as unknown as EntityManager;
  return {
    em,
    loaders: createRegistryLoaders(em, input.readCache),
    principal: input.principal,
    logger: input.logger,
    requestId: input.requestId ?? randomUUID(),
    now: input.now ?? (() => new Date()),
  };
}

/** The slice of the request context domain commands need. */
export function domainContext(ctx: RegistryContext): DomainContext {
  return { em: ctx.em, principal: ctx.principal, now: ctx.now, traceId: ctx.requestId };
}
