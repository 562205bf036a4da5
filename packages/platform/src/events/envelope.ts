import { uuidv7 } from '../ids/ids';

/**
 * The event envelope (ARCHITECTURE §4). `subject` is the server name for server/version/install/scan/tier
 * events, the namespace name for namespace events, the key id for apikey events; `actor` is an account
 * handle, `anonymous` or `system`.
 */
export interface EventEnvelope<T extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  type: string;
  source: string;
  occurredAt: string;
  actor: string;
  subject: string;
  data: T;
  traceId: string | null;
}

export interface NewEvent<T extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  source: string;
  actor: string;
  subject: string;
  data: T;
  traceId?: string | null;
  occurredAt?: Date;
}

/** A new envelope with a time-ordered id (UUIDv7). */
export function createEvent<T extends Record<string, unknown>>(input: NewEvent<T>): EventEnvelope<T> {
  return {
    id: uuidv7(),
    type: input.type,
    source: input.source,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    actor: input.actor,
    subject: input.subject,
    data: input.data,
    traceId: input.traceId ?? null,
  };
}
