import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '@mcpr/platform';

/** What every domain command receives: a request-scoped EntityManager, the caller and a clock. */
export interface DomainContext {
  em: EntityManager;
  principal: Principal;
  /** Injected so tests can move time (expiry, grace periods). */
  now: () => Date;
  /** Carried into emitted events. */
  traceId?: string | null;
}
