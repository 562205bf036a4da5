import type { BusSubscription, EventBus, Logger } from '@mcpr/platform';
import { ANALYTICS_CONSUMER, ANALYTICS_SUBSCRIPTION_TYPES, type AnalyticsService } from '../domain/analytics';

/** The consumer group of the analytics aggregates on the bus (apart from `audit`: the log never sees `search.performed`). */
export const ANALYTICS_GROUP = ANALYTICS_CONSUMER;

/** The aggregates' subscription to the bus plus their pruning timer. */
export interface AnalyticsConsumer {
  /** Stops taking events and pruning; waits for the event and the prune in flight. */
  close(): Promise<void>;
}

export interface AnalyticsConsumerOptions {
  /** How often minutes older than the retention are deleted (default 60 s). */
  pruneIntervalMs?: number;
  logger: Logger;
}

/**
 * Subscribes the aggregates to the events they count (`domain/analytics.ts`). A handler call resolves
 * after its commit, so the bus redelivers what failed; redeliveries are absorbed by the processed-event
 * record written in the same transaction.
 */
export async function subscribeAnalytics(
  bus: EventBus,
  analytics: AnalyticsService,
  options: AnalyticsConsumerOptions,
): Promise<AnalyticsConsumer> {
  const subscription: BusSubscription = await bus.subscribe(
    { group: ANALYTICS_GROUP, types: [...ANALYTICS_SUBSCRIPTION_TYPES] },
    async (event) => {
      await analytics.ingest([event]);
    },
  );
  const intervalMs = options.pruneIntervalMs ?? 60_000;
  let pruning: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (pruning) return;
    pruning = analytics
      .prune()
      .then((deleted) => {
        if (deleted > 0) options.logger.debug({ deleted }, 'analytics minutes pruned');
      })
      .catch((error: unknown) => options.logger.warn({ err: error }, 'analytics prune failed'))
      .finally(() => {
        pruning = undefined;
      });
  }, intervalMs);
  timer.unref();
  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        await subscription.close();
        await pruning;
      })()),
  };
}
