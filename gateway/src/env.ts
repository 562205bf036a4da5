import { z } from 'zod';
import { commonEnvShape, flag, optionalString, optionalUrl, parseEnv, port } from '@mcpr/platform';

const schema = z.object({
  ...commonEnvShape,
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
