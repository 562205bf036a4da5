import type { EntityManager } from '@mikro-orm/core';
import { createEvent, type EventEnvelope } from './envelope';
import { OutboxEvent } from './outbox-event.entity';

/** Who caused an event and when: the parts of an envelope that come from the request, not the change. */
export interface EventOrigin {
  actor: string;
  traceId?: string | null;
  occurredAt?: Date;
}

/** An envelope builder bound to a producing service (`source`); subgraphs put their subject rules on top. */
export function eventBuilder(source: string) {
  return <T extends Record<string, unknown>>(
    type: string,
    subject: string,
    data: T,
    origin: EventOrigin,
  ): EventEnvelope<T> =>
    createEvent({
      type,
      source,
      actor: origin.actor,
      subject,
      data,
      traceId: origin.traceId ?? null,
      occurredAt: origin.occurredAt,
    });
}

/**
 * Queues an event in the outbox of the caller's unit of work: it commits (or rolls back) with the state
 * change it describes; the relay publishes it afterwards.
 */
export function emitToOutbox(em: EntityManager, event: EventEnvelope): void {
  em.persist(OutboxEvent.fromEnvelope(event));
}
