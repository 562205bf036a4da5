import { z } from 'zod';
import { commonEnvShape, optionalUrl, parseEnv, port } from '@mcpr/platform';

const schema = z.object({
  ...commonEnvShape,
  TRUST_PORT: port(4002),
  /** PostgreSQL for the trust subgraph only (else DATABASE_URL, else SQLite under DATA_DIR). */
  TRUST_DATABASE_URL: optionalUrl(),
  /** Installs a server needs (with no failed scan on its latest version) to be COMMUNITY_TRUSTED. */
  COMMUNITY_TRUSTED_MIN_INSTALLS: z.coerce.number().int().min(1).max(1_000_000_000).default(100),
});

/** The trust subgraph's configuration. */
export type TrustConfig = z.infer<typeof schema>;

/** The only place the trust subgraph reads its environment; reports every problem at once. */
export function loadTrustEnv(source: Record<string, string | undefined> = process.env): TrustConfig {
  return parseEnv(schema, source);
}
