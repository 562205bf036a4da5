import { z } from 'zod';
import { commonEnvShape, parseEnv, port } from '@mcpr/platform';

const schema = z.object({ ...commonEnvShape, SEARCH_PORT: port(4004) });

export type SearchConfig = z.infer<typeof schema>;

/** The only place the search subgraph reads its environment. */
export function loadSearchEnv(source: Record<string, string | undefined> = process.env): SearchConfig {
  return parseEnv(schema, source);
}
