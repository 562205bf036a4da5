import type { Response } from 'express';
import type { ErrorCode, Principal } from '@mcpr/platform';
import type { SecurityEvents } from '../events/security-events';
import type { Classification } from './classify';
import { rateLimitHeaders, WINDOW_SECONDS, type GatewayRateLimiter } from './limiter';

/** Why a request may not proceed, for the caller to answer in its API's error shape. */
export interface RateRefusal {
  status: number;
  code: ErrorCode;
  message: string;
  extensions: Record<string, unknown>;
}

const BUDGET_WORDS: Record<string, string> = {
  reads: 'requests',
  searches: 'searches',
  installs: 'install records',
  publishes: 'publishes',
};

/**
 * Applies the rate limits to one request (GraphQL or REST): sets the `RateLimit*` headers, and on
 * refusal `Retry-After`, emits `ratelimit.exceeded` and returns the refusal. Undefined = go ahead.
 */
export async function enforceRateLimit(
  limiter: GatewayRateLimiter | undefined,
  events: SecurityEvents,
  res: Response,
  principal: Principal,
  classification: Classification,
): Promise<RateRefusal | undefined> {
  if (!limiter) return undefined;
  const decision = await limiter.check(principal, classification.costs);
  switch (decision.kind) {
    case 'exempt':
      return undefined;
    case 'allowed':
      res.set(rateLimitHeaders(decision.state));
      return undefined;
    case 'limited': {
      const { state, retryAfterSeconds } = decision;
      res.set(rateLimitHeaders(state, retryAfterSeconds));
      events.rateLimitExceeded(
        principal,
        state.budget,
        state.limit,
        WINDOW_SECONDS,
        classification.operationName,
      );
      const who = principal.kind === 'key' ? 'this API key' : 'your address';
      return {
        status: 429,
        code: 'RATE_LIMITED',
        message: `Rate limit exceeded: at most ${state.limit} ${BUDGET_WORDS[state.budget] ?? state.budget} per minute for ${who}; retry in ${retryAfterSeconds} s.`,
        extensions: { budget: state.budget, limit: state.limit, retryAfter: retryAfterSeconds },
      };
    }
    case 'unavailable':
      return {
        status: 503,
        code: 'UNAVAILABLE',
        message:
          'Rate limits cannot be checked right now (the rate-limit store is unavailable), so this ' +
          `${decision.budget === 'publishes' ? 'publish' : 'request'} is refused; retry shortly.`,
        extensions: { budget: decision.budget },
      };
  }
}
