import type { BusSubscription, EventBus } from '@mcpr/platform';
import type { AuditLog } from '../domain/audit-log';
import { AUDIT_SUBSCRIPTION_TYPES } from '../domain/event-scope';
import { IngestQueue } from './ingest-queue';

/** The consumer group of the audit log on the bus. */
export const AUDIT_GROUP = 'audit';

/** The audit log's subscription to the bus. */
export interface AuditConsumer {
  /** Stops taking events and waits until every event taken is committed. */
  close(): Promise<void>;
}

/**
 * Subscribes the log to every in-scope event type (`domain/event-scope.ts`). A handler call resolves
 * only once its event is committed to the log, so the bus acknowledges nothing that was not written:
 * a failed append is retried by the bus and, if it keeps failing, parked with an error log — never
 * silently dropped.
 */
export async function subscribeAuditLog(bus: EventBus, log: AuditLog): Promise<AuditConsumer> {
  const queue = new IngestQueue(log);
  const subscription: BusSubscription = await bus.subscribe(
    { group: AUDIT_GROUP, types: [...AUDIT_SUBSCRIPTION_TYPES] },
    (event) => queue.submit(event),
  );
  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        await subscription.close();
        await queue.drain();
      })()),
  };
}
