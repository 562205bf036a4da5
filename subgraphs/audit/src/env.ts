import { z } from 'zod';
import { commonEnvShape, parseEnv, port } from '@mcpr/platform';

const schema = z.object({ ...commonEnvShape, AUDIT_PORT: port(4003) });

export type AuditConfig = z.infer<typeof schema>;

/** The only place the audit subgraph reads its environment. */
export function loadAuditEnv(source: Record<string, string | undefined> = process.env): AuditConfig {
  return parseEnv(schema, source);
}
