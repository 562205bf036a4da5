import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isErrorCode } from '@mcpr/platform';
import { onRequestFinished, type FinishedRequest } from './access-log';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A label whose values come from clients (operation names) must not grow without bound: the first
 * `max` well-formed names are kept, later ones become `other`, malformed ones `invalid`.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 200) {}

  value(raw: string | null): string {
    if (!raw) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(raw)) return 'invalid';
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(raw);
    return raw;
  }
}

/** Prometheus metrics of one HTTP service, in a registry of its own (several services share a process). */
export interface ServiceMetrics {
  registry: Registry;
  /** Counts one finished request. */
  observe(request: FinishedRequest): void;
  /** Express middleware that observes every request (for services without their own finish hook). */
  middleware: RequestHandler;
  /** `GET /metrics` in the Prometheus text format. */
  handler: RequestHandler;
}

/**
 * Request rate and latency per route, latency per operation (GraphQL operation name, or the REST
 * endpoint's operation), errors by code, and the process's default metrics, all labelled with
 * `service`. Usable by any express service of the platform: `app.use(metrics.middleware)` and
 * `app.get('/metrics', metrics.handler)`.
 */
export function createServiceMetrics(
  service: string,
  options: { defaultMetrics?: boolean; prefix?: string } = {},
): ServiceMetrics {
  const prefix = options.prefix ?? 'mcpr_';
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: `${prefix}http_requests_total`,
    help: 'HTTP requests by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'HTTP request latency by route and method.',
    labelNames: ['route', 'method'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: `${prefix}operation_duration_seconds`,
    help: 'Latency per operation (GraphQL operation name or REST endpoint), with the outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: `${prefix}errors_total`,
    help: 'Errors in responses by code (extensions.code of GraphQL errors, or of REST errors).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const operations = new BoundedLabel();

  const observe = (request: FinishedRequest) => {
    const status = request.aborted ? 'aborted' : String(request.status);
    requests.inc({ route: request.route, method: request.method, status });
    requestDuration.observe({ route: request.route, method: request.method }, request.ms / 1000);
    if (request.operationName !== null || request.route === '/graphql') {
      operationDuration.observe(
        {
          operation: operations.value(request.operationName),
          outcome: request.errorCodes.length ? 'error' : 'ok',
        },
        request.ms / 1000,
      );
    }
    for (const code of request.errorCodes) errors.inc({ code: isErrorCode(code) ? code : 'OTHER' });
  };

  return {
    registry,
    observe,
    middleware: onRequestFinished(observe),
    handler: async (_req, res) => {
      res.setHeader('content-type', registry.contentType);
      res.send(await registry.metrics());
    },
  };
}
