import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { isAdmin, type Logger, type Principal } from '@mcpr/platform';
import { BUDGETS, type BudgetCosts, type BudgetName } from './classify';

export const WINDOW_SECONDS = 60;

/** Rate-limit configuration (from RATE_LIMITS, RATE_LIMIT_*). */
export interface RateLimitSettings {
  enabled: boolean;
  /** Budget of each class per client (IP for anonymous callers, key for keyed ones) per minute. */
  perMinute: Record<BudgetName, number>;
  /** Shared counters in Redis (distributed mode); unset = in this process's memory. */
  redisUrl?: string;
  /** Prefix of the counters' keys. */
  keyPrefix: string;
}

/** One budget's state after a request, for the `RateLimit` headers. */
export interface BudgetState {
  budget: BudgetName;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export type RateDecision =
  | { kind: 'exempt' }
  | { kind: 'allowed'; state: BudgetState }
  | { kind: 'limited'; state: BudgetState; retryAfterSeconds: number }
  /** The counter store is down and this budget fails closed (publishes). */
  | { kind: 'unavailable'; budget: BudgetName };

/** Who a budget belongs to: the key for keyed callers (wherever they call from), else the client IP. */
export function rateSubject(principal: Principal): string {
  return principal.kind === 'key' ? `key:${principal.keyId}` : `ip:${principal.clientIp ?? 'unknown'}`;
}

/** Budgets that keep counting in memory when the shared store is down; publishes fail closed instead. */
const INSURED: ReadonlySet<BudgetName> = new Set<BudgetName>(['reads', 'searches', 'installs']);

/**
 * Per-client budgets per class of operation (reads, searches, installs, publishes), each a fixed
 * one-minute window in rate-limiter-flexible: in memory (embedded mode) or in Redis (shared by every
 * gateway). When Redis is down, reads, searches and installs fall back to an in-memory limiter
 * (`insuranceLimiter`); publishes are refused (UNAVAILABLE) rather than let through unlimited.
 * ADMIN keys are exempt.
 */
export class GatewayRateLimiter {
  private readonly limiters: Record<BudgetName, RateLimiterAbstract>;
  private readonly redis?: Redis;

  private constructor(
    readonly settings: RateLimitSettings,
    logger: Logger,
  ) {
    if (settings.redisUrl) {
      this.redis = createRedisClient(settings.redisUrl, logger);
    }
    const limiters = {} as Record<BudgetName, RateLimiterAbstract>;
    for (const budget of BUDGETS) {
      const common = {
        points: settings.perMinute[budget],
        duration: WINDOW_SECONDS,
        keyPrefix: `${settings.keyPrefix}:${budget}`,
      };
      limiters[budget] = this.redis
        ? new RateLimiterRedis({
            ...common,
            storeClient: this.redis,
            // Fail at once while disconnected instead of queueing behind a reconnect.
            rejectIfRedisNotReady: true,
            insuranceLimiter: INSURED.has(budget) ? new RateLimiterMemory(common) : undefined,
          })
        : new RateLimiterMemory(common);
    }
    this.limiters = limiters;
  }

  /** The limiter for these settings, or undefined when rate limits are off. */
  static create(settings: RateLimitSettings, logger: Logger): GatewayRateLimiter | undefined {
    return settings.enabled ? new GatewayRateLimiter(settings, logger) : undefined;
  }

  /**
   * Charges a request's costs to the caller's budgets. The answer reports the most constrained budget
   * (the refused one when refused) for the response headers.
   */
  async check(principal: Principal, costs: BudgetCosts): Promise<RateDecision> {
    if (isAdmin(principal)) return { kind: 'exempt' };
    const subject = rateSubject(principal);
    let tightest: BudgetState | undefined;
    for (const budget of BUDGETS) {
      const points = costs[budget];
      if (!points) continue;
      const limit = this.settings.perMinute[budget];
      let result: RateLimiterRes;
      try {
        result = await this.limiters[budget].consume(subject, points);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) return { kind: 'unavailable', budget };
        const state = stateOf(budget, limit, rejection);
        return { kind: 'limited', state, retryAfterSeconds: Math.max(1, state.resetSeconds) };
      }
      const state = stateOf(budget, limit, result);
      if (!tightest || state.remaining / state.limit < tightest.remaining / tightest.limit) tightest = state;
    }
    return tightest ? { kind: 'allowed', state: tightest } : { kind: 'exempt' };
  }

  /**
   * Waits (bounded) until the shared store is connected. Until then every read is counted by the
   * in-memory insurance limiter, so a gateway taking traffic before its first connection would split a
   * caller's budget between memory and Redis. Resolves false when the store is still down at the deadline:
   * the gateway starts anyway, with the outage rules.
   */
  async connected(timeoutMs = STORE_CONNECT_WAIT_MS): Promise<boolean> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      redis.once('ready', onReady);
    });
  }

  async close(): Promise<void> {
    if (!this.redis) return;
    this.redis.disconnect();
  }
}

function stateOf(budget: BudgetName, limit: number, result: RateLimiterRes): BudgetState {
  return {
    budget,
    limit,
    remaining: Math.max(0, result.remainingPoints),
    resetSeconds: Math.max(0, Math.ceil(result.msBeforeNext / 1000)),
  };
}

/** How long a counter update may take before the store counts as down for that request. */
export const STORE_COMMAND_TIMEOUT_MS = 1_000;

/** How long a starting gateway waits for the counter store before it serves with the outage rules. */
export const STORE_CONNECT_WAIT_MS = 5_000;

/**
 * A Redis client for counters: no offline queue (a command fails at once while disconnected, so the
 * insurance limiter or the fail-closed rule applies without delay) and a command timeout (a Redis that
 * accepts connections but does not answer — frozen, overloaded — must not hold requests either),
 * reconnecting in the background; connection errors are logged once per minute at most.
 */
function createRedisClient(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    protocol: 2,
    connectionName: 'mcpr-ratelimit',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: STORE_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  let lastLogged = 0;
  redis.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLogged < 60_000) return;
    lastLogged = now;
    logger.warn(
      { err: error },
      'rate-limit store (Redis) unavailable: reads use in-memory limits, publishes are refused',
    );
  });
  return redis;
}

/** `RateLimit-Policy` and `RateLimit` (IETF draft) and, when refused, `Retry-After`. */
export function rateLimitHeaders(state: BudgetState, retryAfterSeconds?: number): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Policy': `${state.limit};w=${WINDOW_SECONDS}`,
    RateLimit: `limit=${state.limit}, remaining=${state.remaining}, reset=${state.resetSeconds}`,
  };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return headers;
}
