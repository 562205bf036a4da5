import type { AuditLog, EntryPage, PageArgs } from '../domain/audit-log';
import type { TrailKey } from '../domain/audit-repository';

interface Waiter {
  resolve: (page: EntryPage) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  by: TrailKey;
  page: PageArgs;
  keys: Map<string, Waiter[]>;
}

/**
 * Per-request batching of `auditTrail` (the DataLoader pattern): the gateway resolves many versions
 * or servers in one `_entities` call, and every `auditTrail` requested while that call's resolvers
 * run is answered by ONE query per (key kind, first, after).
 */
export class TrailLoader {
  private batches = new Map<string, Batch>();

  constructor(private readonly log: AuditLog) {}

  load(by: TrailKey, key: string, page: PageArgs): Promise<EntryPage> {
    return new Promise((resolve, reject) => {
      const id = JSON.stringify([by, page.first ?? null, page.after ?? null]);
      let batch = this.batches.get(id);
      if (!batch) {
        batch = { by, page, keys: new Map() };
        this.batches.set(id, batch);
        // setImmediate runs after the current round of resolvers has queued its siblings.
        if (this.batches.size === 1) setImmediate(() => this.dispatch());
      }
      const waiters = batch.keys.get(key) ?? [];
      waiters.push({ resolve, reject });
      batch.keys.set(key, waiters);
    });
  }

  private dispatch(): void {
    const batches = [...this.batches.values()];
    this.batches.clear();
    for (const batch of batches) {
      this.log.trails(batch.by, [...batch.keys.keys()], batch.page).then(
        (pages) => {
          for (const [key, waiters] of batch.keys) {
            const page = pages.get(key) ?? { entries: [], hasNextPage: false };
            for (const { resolve } of waiters) resolve(page);
          }
        },
        (error: unknown) => {
          for (const waiters of batch.keys.values()) for (const { reject } of waiters) reject(error);
        },
      );
    }
  }
}
