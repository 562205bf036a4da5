import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isErrorCode } from '../errors/error-codes';
import type { EventBus } from '../events/event-bus';
import { BoundedLabel } from './bounded-label';
import { EventMetrics, observeEventBus } from './event-metrics';
import { OutboxMetrics } from './outbox-metrics';
import { processMetricsRegistry } from './process-metrics';
import { onRequestFinished, type FinishedRequest } from './request-outcome';

/** Seconds, for HTTP requests and GraphQL operations. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Prometheus metrics of one service, in a registry of its own (several services share a process). */
export interface ServiceMetrics {
  readonly service: string;
  /** This service's series, all labelled `service`. */
  readonly registry: Registry;
  /** Counts one finished request. */
  observe(request: FinishedRequest): void;
  /** Express middleware that observes every request (for services without their own finish hook). */
  readonly middleware: RequestHandler;
  /** `GET /metrics` in the Prometheus text format. */
  readonly handler: RequestHandler;
  /** The text `/metrics` serves: this service's series, then the process's default metrics (if on). */
  metrics(): Promise<string>;
  /** Consumer lag and deliveries; registered on first use (services that consume). */
  readonly events: EventMetrics;
  /** Outbox backlog and relay counters; registered on first use (services with an outbox). */
  readonly outbox: OutboxMetrics;
  /** `bus`, with what the service subscribes through it measured into {@link events}. */
  observeBus(bus: EventBus): EventBus;
  /** Registers a gauge `<prefix><name>` whose value `read` gives at each scrape (a service's own state). */
  gauge(name: string, help: string, read: () => number): void;
}

export interface ServiceMetricsOptions {
  /**
   * Append the process's default metrics (CPU, memory, event loop, GC) to `/metrics` (default true).
   * They are collected once per process, whatever the number of services (see processMetricsRegistry).
   */
  defaultMetrics?: boolean;
  /** Metric name prefix (default `mcpr_`). */
  prefix?: string;
}

/**
 * Request rate and latency per route, latency per operation (GraphQL operation name, or the REST
 * endpoint's operation), errors by code, and — once a relay or a consumer attaches — outbox backlog and
 * event lag; all labelled with `service`. Usable by any express service of the platform:
 * `app.use(metrics.middleware)` and `app.get('/metrics', metrics.handler)`.
 */
export function createServiceMetrics(service: string, options: ServiceMetricsOptions = {}): ServiceMetrics {
  const prefix = options.prefix ?? 'mcpr_';
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const processRegistry = (options.defaultMetrics ?? true) ? processMetricsRegistry() : undefined;
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
  let events: EventMetrics | undefined;
  let outbox: OutboxMetrics | undefined;

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
    // Codes outside the registry are client- or library-made: one bucket, so the label stays bounded.
    for (const code of request.errorCodes) errors.inc({ code: isErrorCode(code) ? code : 'OTHER' });
  };

  const metrics = async () =>
    processRegistry ? (await registry.metrics()) + (await processRegistry.metrics()) : registry.metrics();

  const serviceMetrics: ServiceMetrics = {
    service,
    registry,
    observe,
    middleware: onRequestFinished(observe),
    handler: async (_req, res) => {
      const text = await metrics();
      res.setHeader('content-type', registry.contentType);
      res.send(text);
    },
    metrics,
    get events() {
      return (events ??= new EventMetrics(registry, prefix));
    },
    get outbox() {
      return (outbox ??= new OutboxMetrics(registry, { prefix }));
    },
    observeBus: (bus) => observeEventBus(bus, serviceMetrics.events),
    gauge(name, help, read) {
      new Gauge({
        name: `${prefix}${name}`,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    },
  };
  return serviceMetrics;
}
