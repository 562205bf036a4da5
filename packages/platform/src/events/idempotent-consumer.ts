import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Orm } from '../orm/create-orm';
import type { EventEnvelope } from './envelope';
import type { BusSubscription, EventBus, SubscribeOptions } from './event-bus';
import { ProcessedEvent } from './outbox-event.entity';

/** Thrown inside the transaction to roll it back when the event was applied before. */
class AlreadyApplied extends Error {}

/**
 * Applies `event` at most once for `consumer`: in one transaction it inserts ProcessedEvent(consumer, event.id)
 * and runs `apply`. The primary key decides between concurrent redeliveries: the loser's insert raises a unique
 * violation (on PostgreSQL after waiting for the winner to commit), its transaction rolls back and `apply` never
 * runs. Returns whether `apply` ran. If `apply` throws, nothing is recorded and the error propagates (so the bus
 * redelivers).
 */
export async function applyOnce(
  orm: Orm,
  consumer: string,
  event: EventEnvelope,
  apply: (em: EntityManager) => Promise<void>,
): Promise<boolean> {
  try {
    // Always its own transaction, even when called inside someone else's (context resolution off).
    await orm.em.fork({ disableContextResolution: true }).transactional(async (em) => {
      try {
        // Inserted first, so a duplicate stops before apply does any work.
        await em.insert(ProcessedEvent, { consumer, eventId: event.id, appliedAt: new Date() });
      } catch (err) {
        // Only this insert's violation means "already applied"; one raised by apply is the caller's error.
        if (err instanceof UniqueConstraintViolationException) throw new AlreadyApplied();
        throw err;
      }
      await apply(em);
    });
    return true;
  } catch (err) {
    if (err instanceof AlreadyApplied) return false;
    throw err;
  }
}

/** Options of {@link consumeInto}: the subscription, plus the consumer id recorded per event (default: the group). */
export interface ConsumeIntoOptions extends SubscribeOptions {
  consumer?: string;
}

/**
 * Subscribes `handler` so that each event is applied once, in a transaction, whatever the redeliveries:
 * the usual way a subgraph consumes events into its own database.
 */
export function consumeInto(
  bus: EventBus,
  orm: Orm,
  options: ConsumeIntoOptions,
  handler: (event: EventEnvelope, em: EntityManager) => Promise<void>,
): Promise<BusSubscription> {
  const { consumer = options.group, ...subscription } = options;
  return bus.subscribe(subscription, async (event) => {
    await applyOnce(orm, consumer, event, (em) => handler(event, em));
  });
}
