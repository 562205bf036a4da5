import type { EventEnvelope } from '@mcpr/platform';
import { validateEvent, type AuditLog } from '../domain/audit-log';

interface Pending {
  event: EventEnvelope;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit in front of {@link AuditLog.ingest}: events submitted while a commit is in flight are
 * appended together in the next transaction (up to `maxBatch`), and each submitter's promise settles
 * when ITS event is committed (or the commit failed), never before. With one delivery at a time (the
 * in-process bus, one Redis consumer) a batch is a single event; with concurrent deliveries (several
 * consumers, a backlog fed in parallel) the cost of a commit is shared.
 *
 * An invalid event is rejected on its own at submission, so it cannot fail the batch it would join.
 */
export class IngestQueue {
  private pending: Pending[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly log: AuditLog,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once `event` is durably applied to the log (appended, aggregated or a duplicate). */
  submit(event: EventEnvelope): Promise<void> {
    try {
      validateEvent(event);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far is settled. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(): void {
    if (this.running) return;
    this.running = this.commitAll().finally(() => {
      this.running = null;
      if (this.pending.length > 0) this.schedule();
    });
  }

  private async commitAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        await this.log.ingest(batch.map(({ event }) => event));
        for (const { resolve } of batch) resolve();
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
    }
  }
}
