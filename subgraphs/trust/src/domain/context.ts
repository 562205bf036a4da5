import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '@mcpr/platform';

/** Settings of the trust rules (from the environment). */
export interface TrustRules {
  /** Installs COMMUNITY_TRUSTED needs. */
  minInstalls: number;
}

export const DEFAULT_TRUST_RULES: TrustRules = { minInstalls: 100 };

/** What every domain command receives: a request-scoped EntityManager, the caller, a clock and the rules. */
export interface DomainContext {
  em: EntityManager;
  principal: Principal;
  now: () => Date;
  rules: TrustRules;
  /** Carried into emitted events. */
  traceId?: string | null;
}
