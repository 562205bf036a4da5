import { request as undiciRequest, type Agent } from 'undici';
import { eventBusCheck, type EventBus, type ReadinessChecks } from '@mcpr/platform';

/** One check per subgraph: its `/ready` answers 200 within `timeoutMs`. */
export function subgraphChecks(
  urls: Record<string, string>,
  agent: Agent,
  timeoutMs = 2000,
): ReadinessChecks {
  return Object.fromEntries(
    Object.entries(urls).map(([name, url]) => [
      name,
      async () => {
        const response = await undiciRequest(`${url}/ready`, {
          dispatcher: agent,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        await response.body.dump();
        return response.statusCode === 200;
      },
    ]),
  );
}

/**
 * What the gateway's /ready depends on: every subgraph's /ready and, when the gateway has one, the
 * event bus (Redis when REDIS_URL is set: security events and subscription fan-out go through it).
 */
export function gatewayReadinessChecks(
  urls: Record<string, string>,
  agent: Agent,
  bus?: EventBus,
  timeoutMs = 2000,
): ReadinessChecks {
  return { ...subgraphChecks(urls, agent, timeoutMs), ...(bus ? { bus: eventBusCheck(bus) } : {}) };
}
