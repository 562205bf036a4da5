import { request as undiciRequest, type Agent } from 'undici';

/** Asks every subgraph's /ready; the gateway is ready only when all answer 200. */
export async function checkSubgraphs(
  urls: Record<string, string>,
  agent: Agent,
  timeoutMs = 2000,
): Promise<Record<string, boolean>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await undiciRequest(`${url}/ready`, {
          dispatcher: agent,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        await response.body.dump();
        return [name, response.statusCode === 200] as const;
      } catch {
        return [name, false] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
