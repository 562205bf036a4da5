import type { Logger } from '../logging/logger';
import { abortableSleep } from './async-timers';
import type { EventEnvelope } from './envelope';

/**
 * How a bus retries a handler that throws. Attempts run in place (same consumer, same position), so a
 * failing event holds back the rest of its group rather than being overtaken: per-group order is kept.
 * After `maxAttempts` the event is parked: logged at error level, handed to `onParked` (the Redis bus also
 * copies it to a parked stream) and acknowledged, so one poison event cannot stall its group for ever.
 */
export interface RetryPolicy {
  /** Handler calls per event before it is parked (default 5). */
  maxAttempts: number;
  /** Wait before the second attempt; doubles per attempt (default 100 ms). */
  initialDelayMs: number;
  /** Upper bound of one wait (default 5,000 ms). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 5,
  initialDelayMs: 100,
  maxDelayMs: 5_000,
};

/** An event given up on after `attempts` failed handler calls. */
export interface ParkedEvent {
  group: string;
  event: EventEnvelope;
  attempts: number;
  error: string;
}

/** Options shared by both bus implementations. */
export interface EventBusOptions {
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** Called for each parked event (metrics, alerts, tests); it must not throw. */
  onParked?: (parked: ParkedEvent) => void;
}

export function resolveRetryPolicy(policy?: Partial<RetryPolicy>): RetryPolicy {
  const resolved = { ...DEFAULT_RETRY_POLICY, ...policy };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a positive integer, got ${resolved.maxAttempts}`);
  }
  return resolved;
}

/** Exponential backoff: the wait after `failures` consecutive failures (1-based), capped. */
export function backoffDelay(failures: number, initialDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, failures - 1));
}

export type DeliveryOutcome =
  | { outcome: 'delivered'; attempts: number }
  | { outcome: 'parked'; attempts: number; error: string }
  /** Stopped before success: the bus is closing or another consumer took the event over. Do not acknowledge. */
  | { outcome: 'abandoned'; attempts: number };

export interface DeliveryContext {
  group: string;
  policy: RetryPolicy;
  logger: Logger;
  /** Aborted when the subscription or bus closes: waiting stops and the event is left undelivered. */
  signal: AbortSignal;
  /** Checked before each retry; `false` abandons the event (e.g. its Redis lease moved to another consumer). */
  beforeRetry?: () => Promise<boolean>;
}

/** Calls `attempt` until it succeeds, the policy is exhausted (parked) or the context says stop (abandoned). */
export async function deliverWithRetry(
  event: EventEnvelope,
  attempt: () => Promise<void>,
  context: DeliveryContext,
): Promise<DeliveryOutcome> {
  const { policy, logger, signal } = context;
  for (let attempts = 1; ; attempts += 1) {
    try {
      await attempt();
      return { outcome: 'delivered', attempts };
    } catch (err) {
      const fields = { group: context.group, eventId: event.id, type: event.type, attempts, err };
      if (attempts >= policy.maxAttempts) {
        logger.error(fields, 'event handler kept failing: event parked');
        return { outcome: 'parked', attempts, error: err instanceof Error ? err.message : String(err) };
      }
      logger.warn(fields, 'event handler failed: will retry');
      const waited = await abortableSleep(
        backoffDelay(attempts, policy.initialDelayMs, policy.maxDelayMs),
        signal,
      );
      if (!waited || signal.aborted) return { outcome: 'abandoned', attempts };
      if (context.beforeRetry && !(await context.beforeRetry())) return { outcome: 'abandoned', attempts };
    }
  }
}
