import type { EntryPage } from '../domain/audit-log';
import type { LogEntry, SigningKeyRecord, StoredCheckpoint } from '../domain/audit-repository';
import type { AuditEntry, AuditEntryConnection } from '../schema/audit-entry.type';
import type { AuditPublicKey, Checkpoint } from '../schema/checkpoint.type';

export function toAuditEntry(entry: LogEntry): AuditEntry {
  return { ...entry, occurredAt: new Date(entry.occurredAt) };
}

export function toConnection(page: EntryPage): AuditEntryConnection {
  const edges = page.entries.map(({ cursor, entry }) => ({ cursor, node: toAuditEntry(entry) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export function toCheckpoint(checkpoint: StoredCheckpoint): Checkpoint {
  return { ...checkpoint };
}

export function toPublicKey(key: SigningKeyRecord): AuditPublicKey {
  return { ...key };
}
