import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger, Orm, Principal } from '@mcpr/platform';
import { createTrustLoaders, type TrustLoaders } from './data/loaders';
import { DEFAULT_TRUST_RULES, type DomainContext, type TrustRules } from './domain/context';

/** What every trust resolver receives; built once per request. */
export interface TrustContext {
  em: EntityManager;
  loaders: TrustLoaders;
  principal: Principal;
  logger: Logger;
  requestId: string;
  now: () => Date;
  rules: TrustRules;
}

export interface TrustContextInput {
  orm: Orm;
  principal: Principal;
  logger: Logger;
  requestId?: string;
  now?: () => Date;
  rules?: TrustRules;
}

/**
 * A request's context: a forked EntityManager (its own identity map and unit of work), fresh DataLoaders
 * over it and the verified principal. Tests build their `contextValue` with this too.
 */
export function createTrustContext(input: TrustContextInput): TrustContext {
  const em = input.orm.em.fork() as unknown as EntityManager;
  return {
    em,
    loaders: createTrustLoaders(em),
    principal: input.principal,
    logger: input.logger,
    requestId: input.requestId ?? randomUUID(),
    now: input.now ?? (() => new Date()),
    rules: input.rules ?? DEFAULT_TRUST_RULES,
  };
}

/** The slice of the request context domain commands need. */
export function domainContext(ctx: TrustContext): DomainContext {
  return { em: ctx.em, principal: ctx.principal, now: ctx.now, rules: ctx.rules, traceId: ctx.requestId };
}
