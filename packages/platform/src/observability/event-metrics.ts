import { Counter, Histogram, type Registry } from 'prom-client';
import type { EventEnvelope } from '../events/envelope';
import type { BusSubscription, EventBus, EventHandler } from '../events/event-bus';
import { BoundedLabel, EVENT_NAME_PATTERN } from './bounded-label';

/** Seconds: embedded delivery takes milliseconds, a consumer catching up after an outage minutes. */
export const EVENT_LAG_BUCKETS = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900,
];

/**
 * Consumer-side event metrics of one service: the lag from an event's `occurredAt` to the moment its
 * handler finished, per consumer group and event type, and deliveries by outcome (`handled`, or
 * `failed` for every attempt whose handler threw — the bus then redelivers).
 */
export class EventMetrics {
  private readonly lag: Histogram<'group' | 'type'>;
  private readonly deliveries: Counter<'group' | 'type' | 'outcome'>;
  // Groups and types come from the bus (a per-replica group name, a producer's new type): bounded.
  private readonly groups = new BoundedLabel(50, EVENT_NAME_PATTERN);
  private readonly types = new BoundedLabel(200, EVENT_NAME_PATTERN);

  constructor(registry: Registry, prefix = 'mcpr_') {
    this.lag = new Histogram({
      name: `${prefix}event_lag_seconds`,
      help: 'Time from an event occurring to its handler finishing, per consumer group and event type.',
      labelNames: ['group', 'type'] as const,
      buckets: EVENT_LAG_BUCKETS,
      registers: [registry],
    });
    this.deliveries = new Counter({
      name: `${prefix}event_deliveries_total`,
      help: 'Event deliveries to handlers by consumer group, event type and outcome (handled, failed).',
      labelNames: ['group', 'type', 'outcome'] as const,
      registers: [registry],
    });
  }

  /** A delivery whose handler finished at `handledAt` (ms since the epoch). */
  handled(group: string, event: Pick<EventEnvelope, 'type' | 'occurredAt'>, handledAt = Date.now()): void {
    const labels = { group: this.groups.value(group), type: this.types.value(event.type) };
    this.deliveries.inc({ ...labels, outcome: 'handled' });
    const occurredAt = Date.parse(event.occurredAt);
    // Clocks of different hosts may disagree by a little: a negative lag counts as none.
    if (Number.isFinite(occurredAt)) this.lag.observe(labels, Math.max(0, handledAt - occurredAt) / 1000);
  }

  /** A delivery whose handler threw. */
  failed(group: string, event: Pick<EventEnvelope, 'type'>): void {
    this.deliveries.inc({
      group: this.groups.value(group),
      type: this.types.value(event.type),
      outcome: 'failed',
    });
  }

  /** `handler`, measured as consumer group `group`. */
  wrap(group: string, handler: EventHandler): EventHandler {
    return async (event) => {
      try {
        await handler(event);
      } catch (error) {
        this.failed(group, event);
        throw error;
      }
      this.handled(group, event);
    };
  }
}

/**
 * A view of `bus` whose subscriptions are measured into `metrics`: what a service subscribes through it
 * reports lag and deliveries, whatever the bus (in-process or Redis Streams). Publishing passes through.
 * The bus is shared (embedded mode has one per process), so `close()` closes only the subscriptions made
 * through this view.
 */
export function observeEventBus(bus: EventBus, metrics: EventMetrics): EventBus {
  const subscriptions = new Set<BusSubscription>();
  return {
    publish: (events) => bus.publish(events),
    subscribe: async (options, handler) => {
      const subscription = await bus.subscribe(options, metrics.wrap(options.group, handler));
      subscriptions.add(subscription);
      return {
        close: async () => {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },
    close: async () => {
      const open = [...subscriptions];
      subscriptions.clear();
      await Promise.all(open.map((subscription) => subscription.close()));
    },
    healthy: () => bus.healthy(),
  };
}
