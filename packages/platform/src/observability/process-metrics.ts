import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * The process's default metrics (CPU, memory, event loop lag, GC, handles), collected once per process
 * into a registry of their own. In embedded mode the four subgraphs and the gateway share one process:
 * each service's `/metrics` appends this registry to its own, so every scrape has each series once and
 * `collectDefaultMetrics` never runs twice.
 */
export function processMetricsRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
