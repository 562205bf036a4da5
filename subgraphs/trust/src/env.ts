import { z } from 'zod';
import { commonEnvShape, parseEnv, port } from '@mcpr/platform';

const schema = z.object({ ...commonEnvShape, TRUST_PORT: port(4002) });

export type TrustConfig = z.infer<typeof schema>;

/** The only place the trust subgraph reads its environment. */
export function loadTrustEnv(source: Record<string, string | undefined> = process.env): TrustConfig {
  return parseEnv(schema, source);
}
