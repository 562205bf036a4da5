import { z } from 'zod';
import { commonEnvShape, optionalString, optionalUrl, parseEnv, port } from '@mcpr/platform';

// C2SP checkpoint origin: no white space, control characters or "+" (see domain/checkpoint.ts).
const ORIGIN = /^[^\p{White_Space}\p{Cc}+]+$/u;

const schema = z.object({
  ...commonEnvShape,
  AUDIT_PORT: port(4003),
  /** PostgreSQL for the audit subgraph only (else DATABASE_URL, else SQLite under DATA_DIR). */
  AUDIT_DATABASE_URL: optionalUrl(),
  /**
   * The Ed25519 checkpoint key: standard base64 of the 32-byte seed, or a PKCS#8 PEM. Unset: generated
   * on first start into `<DATA_DIR>/audit-signing.key` (mode 600) and reused.
   */
  AUDIT_SIGNING_KEY: optionalString(),
  /** How often a checkpoint is signed while the tree grows (and aggregation windows are closed). */
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  /** The first line of every checkpoint note: the log's name (C2SP origin, e.g. `registry.example.com/audit`). */
  /** How long per-minute analytics are kept (minutes; also the largest `Query.analytics` window). */
  ANALYTICS_RETENTION_MINUTES: z.coerce
    .number()
    .int()
    .min(60)
    .max(60 * 24 * 90)
    .default(1440),
  AUDIT_ORIGIN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().max(200).regex(ORIGIN, 'must have no spaces, control characters or "+"').optional(),
  ),
});

export type AuditConfig = z.infer<typeof schema>;

/** The only place the audit subgraph reads its environment. */
export function loadAuditEnv(source: Record<string, string | undefined> = process.env): AuditConfig {
  return parseEnv(schema, source);
}
