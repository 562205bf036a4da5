import type { AuditLeafEntry } from './audit-entry';
import type { MerkleNodeStore } from './node-store';

/**
 * What the audit log needs from storage (implemented in `data/sql-audit-repository.ts` for SQLite and
 * PostgreSQL). Writes happen inside {@link AuditRepository.write}, one transaction that holds the
 * writer lock (the tree-head row), so the entries, the Merkle nodes and the size always agree and the
 * index stays gapless under concurrent writers.
 */
export interface AuditRepository {
  /** Runs `work` in one transaction holding the writer lock; `tx.size` is the locked tree size. */
  write<T>(work: (tx: AuditWriteTx) => Promise<T>): Promise<T>;
  /** A read view of the log as of now (a fixed size; later appends do not change what it answers). */
  read(): Promise<AuditReadView>;
  /** The checkpoint with the largest tree size (the newest of those), or null before the first one. */
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
  /** Stores a checkpoint; a second one for the same (treeSize, keyId) is ignored (returns false). */
  insertCheckpoint(checkpoint: StoredCheckpoint): Promise<boolean>;
  /** Every signing key ever used, oldest first. */
  signingKeys(): Promise<SigningKeyRecord[]>;
  /** Makes `key` the current signing key from `now` on, closing the validity of any other. */
  activateSigningKey(key: { keyId: string; publicKey: string }, now: Date): Promise<void>;
}

/** The writer's view inside its transaction. */
export interface AuditWriteTx {
  /** Tree size when the lock was taken. */
  readonly size: number;
  /** The Merkle nodes, in this transaction. `size()` answers {@link size}. */
  readonly nodes: MerkleNodeStore;
  /**
   * Records that `consumer` applied these event ids; returns those recorded now (ids applied before,
   * or repeated in the list, are left out): the idempotency check of redelivered events.
   */
  markProcessed(consumer: string, eventIds: readonly string[], at: Date): Promise<Set<string>>;
  /** Inserts entries (their indexes follow `size` without gaps; the caller guarantees it). */
  insertEntries(entries: readonly NewLogEntry[], appendedAt: Date): Promise<void>;
  /** Moves the head from {@link size} to `newSize`. */
  setSize(newSize: number, at: Date): Promise<void>;
  /** Adds events to their aggregation windows (creating them); hits must have distinct keys. */
  addToWindows(hits: readonly WindowHit[]): Promise<void>;
  /** Open windows that started at or before `startedBy` (ISO), oldest first. */
  windowsStartedBy(startedBy: string): Promise<SecurityWindow[]>;
  /** Removes windows that were closed into the log. */
  deleteWindows(ids: readonly number[]): Promise<void>;
}

/** An entry to insert: the leaf fields plus the columns extracted for lookups. */
export interface NewLogEntry extends AuditLeafEntry {
  serverName: string | null;
  serverId: string | null;
  versionId: string | null;
}

/** A stored entry as read back, with its leaf hash (lowercase hex) from the tree. */
export interface LogEntry extends AuditLeafEntry {
  leafHash: string;
}

/** Filters of `auditLog` (all optional; combined with AND). */
export interface EntryFilter {
  types?: readonly string[];
  subject?: string;
  actor?: string;
  /** Inclusive lower bound of occurredAt. */
  since?: Date;
  /** Exclusive upper bound of occurredAt. */
  until?: Date;
}

/** Which lookup column a trail is keyed by. */
export type TrailKey = 'versionId' | 'serverName';

export interface AuditReadView {
  /** The tree size this view answers for. */
  readonly size: number;
  /** Nodes as of {@link size}. */
  readonly nodes: MerkleNodeStore;
  /** Entries matching `filter` with index > `afterIndex` (if given), by index, at most `limit`. */
  entries(filter: EntryFilter, afterIndex: number | undefined, limit: number): Promise<LogEntry[]>;
  /**
   * For each key, its entries of the given type families (index > `afterIndex`, by index, at most
   * `limit` per key) in one query.
   */
  trails(
    by: TrailKey,
    keys: readonly string[],
    families: readonly string[],
    afterIndex: number | undefined,
    limit: number,
  ): Promise<Map<string, LogEntry[]>>;
}

export interface StoredCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: string;
  note: string;
  signature: string;
  keyId: string;
  issuedAt: Date;
}

export interface SigningKeyRecord {
  keyId: string;
  publicKey: string;
  validFrom: Date;
  validUntil: Date | null;
}

/** One event's contribution to a window (pre-aggregated per key by the caller). */
export interface WindowHit {
  type: string;
  subject: string;
  /** ISO start of the UTC minute. */
  windowStart: string;
  count: number;
  source: string;
  actor: string;
  firstEventId: string;
  /** ISO times of the earliest and latest events counted. */
  firstAt: string;
  lastAt: string;
  /** Canonical JSON of the first event's data. */
  sample: string;
}

export interface SecurityWindow extends WindowHit {
  id: number;
}
