import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { EventEnvelope } from './envelope';

/**
 * A row of a producing subgraph's transactional outbox: written in the same transaction as the state
 * change it describes, published to the bus by the relay, then marked sent. `seq` gives publish order.
 */
@Entity({ tableName: 'outbox' })
// Dates use `type: 'Date'`, not 'datetime': same DDL, but with 'datetime' the SQLite (libsql) driver sees
// every loaded row as changed and flush writes spurious UPDATEs.
export class OutboxEvent {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  seq!: number;

  @Property({ type: 'string', length: 36, unique: true })
  eventId!: string;

  @Property({ type: 'string', length: 100 })
  type!: string;

  @Property({ type: 'string', length: 50 })
  source!: string;

  @Property({ type: 'Date' })
  occurredAt!: Date;

  @Property({ type: 'string', length: 200 })
  actor!: string;

  @Property({ type: 'string', length: 300 })
  subject!: string;

  @Property({ type: 'json' })
  data!: Record<string, unknown>;

  @Property({ type: 'string', length: 64, nullable: true })
  traceId?: string | null;

  @Index()
  @Property({ type: 'Date', nullable: true })
  sentAt?: Date | null;

  static fromEnvelope(event: EventEnvelope): OutboxEvent {
    const row = new OutboxEvent();
    row.eventId = event.id;
    row.type = event.type;
    row.source = event.source;
    row.occurredAt = new Date(event.occurredAt);
    row.actor = event.actor;
    row.subject = event.subject;
    row.data = event.data;
    row.traceId = event.traceId;
    row.sentAt = null;
    return row;
  }

  toEnvelope(): EventEnvelope {
    return {
      id: this.eventId,
      type: this.type,
      source: this.source,
      occurredAt: this.occurredAt.toISOString(),
      actor: this.actor,
      subject: this.subject,
      data: this.data,
      traceId: this.traceId ?? null,
    };
  }
}

/** A consumer's record that it applied an event, so redelivery is idempotent. */
@Entity({ tableName: 'processed_event' })
export class ProcessedEvent {
  @PrimaryKey({ type: 'string', length: 64 })
  consumer!: string;

  @PrimaryKey({ type: 'string', length: 36 })
  eventId!: string;

  @Property({ type: 'Date' })
  appliedAt: Date = new Date();
}
