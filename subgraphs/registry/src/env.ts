import { z } from 'zod';
import { commonEnvShape, optionalString, optionalUrl, parseEnv, port } from '@mcpr/platform';
import { isWellFormedApiKey } from '@mcpr/platform';

const schema = z.object({
  ...commonEnvShape,
  REGISTRY_PORT: port(4001),
  /** Overrides DATABASE_URL for this service (PostgreSQL); unset = SQLite under DATA_DIR. */
  REGISTRY_DATABASE_URL: optionalUrl(),
  /** The first admin key, instead of a generated one (checked offline: format and checksum). */
  MCPR_BOOTSTRAP_ADMIN_KEY: optionalString().refine((key) => key === undefined || isWellFormedApiKey(key), {
    message: 'not a well-formed mcpr_ API key (bad length or checksum)',
  }),
});

/** The registry's configuration. */
export type RegistryConfig = z.infer<typeof schema>;

/** The only place the registry reads its environment; reports every problem at once. */
export function loadRegistryEnv(source: Record<string, string | undefined> = process.env): RegistryConfig {
  return parseEnv(schema, source);
}
