import { z } from 'zod';
import { liveEnvShape } from './subscriptions/live-env';
import { commonEnvShape, flag, optionalString, optionalUrl, parseEnv, port } from '@mcpr/platform';

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const schema = z.object({
  ...commonEnvShape,
  ...liveEnvShape,
  PORT: port(4000),
  REGISTRY_PORT: port(4001),
  TRUST_PORT: port(4002),
  AUDIT_PORT: port(4003),
  SEARCH_PORT: port(4004),
  REGISTRY_URL: optionalUrl(),
  TRUST_URL: optionalUrl(),
  AUDIT_URL: optionalUrl(),
  SEARCH_URL: optionalUrl(),
  CORS_ORIGINS: optionalString(),
  GRAPHQL_INTROSPECTION: flag(false),
  /** How long a verified API key is trusted before the registry is asked again (revocation latency bound). */
  KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(2000).default(2000),
  /** Largest accepted request body (GraphQL and REST), in bytes or with a unit (`1mb`, `512kb`). */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)?$/i, 'a byte count such as 1048576, 512kb or 1mb')
    .default('1mb'),
  /** GraphQL document limits (graphql-armor); the defaults admit every contract operation with headroom. */
  GRAPHQL_MAX_DEPTH: positiveInt(8),
  GRAPHQL_MAX_COST: positiveInt(10_000),
  GRAPHQL_MAX_ALIASES: positiveInt(15),
  GRAPHQL_MAX_TOKENS: positiveInt(1_000),
  GRAPHQL_MAX_DIRECTIVES: positiveInt(50),
  /** Rate limits (`on`/`off`); benchmarks turn them off. */
  RATE_LIMITS: flag(true),
  /** Budgets per client IP (anonymous) or per API key, per minute; ADMIN keys are exempt. */
  RATE_LIMIT_READS_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_SEARCHES_PER_MINUTE: positiveInt(120),
  RATE_LIMIT_INSTALLS_PER_MINUTE: positiveInt(30),
  RATE_LIMIT_PUBLISHES_PER_MINUTE: positiveInt(20),
  /**
   * Prefix of the rate-limit counters in Redis: every gateway of one deployment must share it (they share
   * the budgets); separate deployments or test runs on one Redis use different ones.
   */
  RATE_LIMIT_KEY_PREFIX: z.string().min(1).default('mcpr:ratelimit'),
  /** Where rate-limit counters live; default REDIS_URL; unset (and no REDIS_URL) = in memory. */
  RATE_LIMIT_REDIS_URL: optionalUrl(),
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (per-IP rate limits, security
   * events): express's `trust proxy` value — `loopback` (default), `uniquelocal`, CIDRs, or a hop count.
   */
  TRUST_PROXY: z.string().min(1).default('loopback'),
});

export type GatewayConfig = z.infer<typeof schema>;

/** The only place the gateway (and the embedded runtime) reads the environment. */
export function loadGatewayEnv(source: Record<string, string | undefined> = process.env): GatewayConfig {
  return parseEnv(schema, source);
}

/** The raw environment, for the embedded runtime to hand each subgraph's own env parser. */
export function rawEnvironment(): Record<string, string | undefined> {
  return process.env;
}

/** @apollo/gateway phones home unless this is set; set it before constructing the gateway. */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
}
