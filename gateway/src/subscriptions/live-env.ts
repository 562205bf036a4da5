import { z } from 'zod';
import type { LiveLimits } from './limits';

const positiveInt = () => z.coerce.number().int().min(1).optional();

/**
 * The graphql-ws endpoint's variables, to spread into the gateway's env schema (`gateway/src/env.ts`):
 * unset ones keep the defaults of `DEFAULT_LIVE_LIMITS`.
 */
export const liveEnvShape = {
  /** Open WebSocket connections per gateway replica. */
  LIVE_MAX_CONNECTIONS: positiveInt(),
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: positiveInt(),
  LIVE_MAX_SUBSCRIPTIONS_PER_KEY: positiveInt(),
  /** Anonymous subscriptions per client /24 (IPv4) or /48 (IPv6) network. */
  LIVE_MAX_SUBSCRIPTIONS_PER_NETWORK: positiveInt(),
  /** Items queued per subscription for a client that is behind. */
  LIVE_QUEUE_SIZE: positiveInt(),
  /** `drop-oldest` (count reported in the next message) or `disconnect`. */
  LIVE_OVERFLOW: z.enum(['drop-oldest', 'disconnect']).optional(),
  /** A connection without subscriptions is closed after this long. */
  LIVE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).optional(),
  /** WebSocket ping interval (dead peers are terminated after one missed pong). */
  LIVE_KEEPALIVE_MS: z.coerce.number().int().min(1_000).optional(),
};

export type LiveEnv = { [K in keyof typeof liveEnvShape]: z.infer<(typeof liveEnvShape)[K]> };

/** The HTTP document limits of the gateway's config, applied to live documents too. */
interface DocumentLimitsEnv {
  GRAPHQL_MAX_TOKENS?: number;
  GRAPHQL_MAX_DEPTH?: number;
  GRAPHQL_MAX_ALIASES?: number;
}

/**
 * The limits set by the environment: pass the gateway's config (absent keys keep the defaults, so this
 * works before and after `liveEnvShape` is spread into the env schema).
 */
export function liveLimitsFromConfig(
  config: Partial<LiveEnv> & DocumentLimitsEnv & Record<string, unknown>,
): Partial<LiveLimits> {
  return {
    maxTokens: config.GRAPHQL_MAX_TOKENS,
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxConnections: config.LIVE_MAX_CONNECTIONS,
    maxSubscriptionsPerConnection: config.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    maxSubscriptionsPerKey: config.LIVE_MAX_SUBSCRIPTIONS_PER_KEY,
    maxSubscriptionsPerNetwork: config.LIVE_MAX_SUBSCRIPTIONS_PER_NETWORK,
    queueSize: config.LIVE_QUEUE_SIZE,
    overflow: config.LIVE_OVERFLOW,
    idleTimeoutMs: config.LIVE_IDLE_TIMEOUT_MS,
    keepAliveMs: config.LIVE_KEEPALIVE_MS,
  };
}
