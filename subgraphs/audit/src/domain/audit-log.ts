import type { KeyObject } from 'node:crypto';
import {
  AppError,
  canonicalJson,
  clampFirst,
  decodeCursor,
  encodeCursor,
  requireScope,
  Scope,
  uuidv7,
  type EventEnvelope,
  type Logger,
  type Principal,
} from '@mcpr/platform';
import { AuditEntryError, auditLeafContent, type AuditLeafEntry } from './audit-entry';
import type {
  AuditRepository,
  AuditWriteTx,
  EntryFilter,
  LogEntry,
  NewLogEntry,
  SecurityWindow,
  SigningKeyRecord,
  StoredCheckpoint,
  TrailKey,
  WindowHit,
} from './audit-repository';
import { createCheckpoint, DEFAULT_CHECKPOINT_ORIGIN, keyId, publicKeyBase64 } from './checkpoint';
import { isServerScoped } from '@mcpr/platform';
import { dispositionOf, PUBLIC_TRAIL_FAMILIES } from './event-scope';
import { hashToHex, leafHash } from './merkle';
import { CoalescingNodeStore, nodeKey } from './node-store';
import { appendLeaves, consistencyProof, inclusionProof, ProofRangeError, rootAt } from './merkle-log';
import { SerialExecutor } from './serial';

/** Length of a security-event aggregation window. */
export const WINDOW_MS = 60_000;
/** Default wait after a window's end before it is closed (lets the minute's last events arrive). */
export const DEFAULT_WINDOW_GRACE_MS = 5_000;
/** The consumer id recorded in `processed_event` for events the log has applied. */
export const AUDIT_CONSUMER = 'audit';

const CURSOR_KIND = 'audit';

export interface AuditLogOptions {
  repository: AuditRepository;
  /** The Ed25519 key checkpoints are signed with. */
  signingKey: KeyObject;
  /** The checkpoint origin line (default {@link DEFAULT_CHECKPOINT_ORIGIN}). */
  origin?: string;
  /** Clock (tests move it). */
  now?: () => Date;
  /** Wait after a window's end before closing it (default {@link DEFAULT_WINDOW_GRACE_MS}). */
  windowGraceMs?: number;
  logger?: Logger;
}

/** What one {@link AuditLog.ingest} call did. */
export interface IngestResult {
  /** Entries appended (their indexes). */
  appended: number[];
  /** Events counted into aggregation windows. */
  aggregated: number;
  /** Events applied before (redelivered) or repeated in the batch. */
  duplicates: number;
  /** Events whose type the log does not hold (acknowledged, not stored). */
  ignored: number;
}

export interface InclusionProofResult {
  index: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  hashes: string[];
}

export interface ConsistencyProofResult {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  hashes: string[];
}

/** A page of entries, in log order; `cursor` of an entry resumes after it. */
export interface EntryPage {
  entries: { cursor: string; entry: LogEntry }[];
  hasNextPage: boolean;
}

/** Paging arguments as GraphQL passes them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * The audit log (ARCHITECTURE §6 "audit"): appends in-scope events to the RFC 9162 Merkle log with a
 * gapless 0-based index, aggregates noisy security events per (type, subject, minute), issues signed
 * checkpoints, and serves entries, trails and proofs.
 *
 * Security-event windows: an `auth.failed` or `ratelimit.exceeded` event is counted into the window of
 * its type, subject and UTC minute of `occurredAt` (a mutable staging row, written in the same
 * transaction that records the event as processed). {@link closeDueWindows} turns every window whose
 * minute ended more than the grace period ago into ONE log entry (`occurredAt` = the minute's start,
 * `data` = `{ aggregated, window, count, firstEventId, firstOccurredAt, lastOccurredAt, sample }`) and
 * deletes the staging row in the same transaction. An event that arrives after its window was closed
 * (a redelivery after an outage) opens a new window for the same minute, which closes into a second
 * entry: counts are never lost, at the price of one extra entry.
 */
export class AuditLog {
  /** {@link keyId} of the current signing key. */
  readonly keyId: string;
  /** Base64 of the current raw 32-byte public key (`Query.auditPublicKey`). */
  readonly publicKey: string;
  readonly origin: string;
  private readonly repository: AuditRepository;
  private readonly signingKey: KeyObject;
  private readonly now: () => Date;
  private readonly windowGraceMs: number;
  private readonly logger?: Logger;
  private readonly writer = new SerialExecutor();
  private readonly checkpointer = new SerialExecutor();

  constructor(options: AuditLogOptions) {
    this.repository = options.repository;
    this.signingKey = options.signingKey;
    this.keyId = keyId(options.signingKey);
    this.publicKey = publicKeyBase64(options.signingKey);
    this.origin = options.origin ?? DEFAULT_CHECKPOINT_ORIGIN;
    this.now = options.now ?? (() => new Date());
    this.windowGraceMs = options.windowGraceMs ?? DEFAULT_WINDOW_GRACE_MS;
    this.logger = options.logger;
  }

  /**
   * Start-up: records the signing key (closing the previous key's validity), closes windows left over
   * from before a restart, and makes sure the latest checkpoint is signed by the current key.
   */
  async start(): Promise<void> {
    await this.repository.activateSigningKey({ keyId: this.keyId, publicKey: this.publicKey }, this.now());
    await this.closeDueWindows();
    await this.checkpoint();
  }

  /**
   * Applies events once each (by event id, whatever the redeliveries), in one transaction: appends the
   * in-scope ones in the given order, counts the aggregated ones into their windows, and ignores the
   * rest. Every event must pass {@link validateEvent}; a batch with an invalid event writes nothing.
   */
  async ingest(events: readonly EventEnvelope[]): Promise<IngestResult> {
    const prepared = events.map((event) => ({ event, fields: validateEvent(event) }));
    return this.writer.run(() =>
      this.repository.write(async (tx) => {
        const now = this.now();
        const fresh = await tx.markProcessed(
          AUDIT_CONSUMER,
          prepared.map(({ event }) => event.id),
          now,
        );
        const toAppend: NewLogEntry[] = [];
        const hits = new Map<string, WindowHit>();
        let ignored = 0;
        let accepted = 0;
        for (const { event, fields } of prepared) {
          if (!fresh.delete(event.id)) continue; // applied before, or repeated in this batch
          accepted += 1;
          const disposition = dispositionOf(fields.type);
          if (disposition === 'append') toAppend.push(withLookups(fields, tx.size + toAppend.length));
          else if (disposition === 'aggregate') addHit(hits, fields);
          else ignored += 1;
        }
        const appended = await appendEntries(tx, toAppend, now);
        if (hits.size > 0) await tx.addToWindows([...hits.values()]);
        return {
          appended,
          aggregated: [...hits.values()].reduce((sum, hit) => sum + hit.count, 0),
          duplicates: events.length - accepted,
          ignored,
        };
      }),
    );
  }

  /**
   * Closes every window whose minute ended at least the grace period ago into one log entry each;
   * returns the number of entries appended.
   */
  closeDueWindows(): Promise<number> {
    return this.writer.run(() =>
      this.repository.write(async (tx) => {
        const now = this.now();
        const startedBy = new Date(now.getTime() - WINDOW_MS - this.windowGraceMs).toISOString();
        const due = await tx.windowsStartedBy(startedBy);
        if (due.length === 0) return 0;
        const entries = due.map((window, offset) => windowEntry(window, tx.size + offset));
        await appendEntries(tx, entries, now);
        await tx.deleteWindows(due.map((window) => window.id));
        return entries.length;
      }),
    );
  }

  /**
   * Issues a checkpoint for the current size when the tree grew since the latest one (or the latest one
   * is signed by another key); returns it, or null when nothing was due.
   */
  checkpoint(): Promise<StoredCheckpoint | null> {
    return this.checkpointer.run(async () => {
      const view = await this.repository.read();
      const latest = await this.repository.latestCheckpoint();
      if (latest && latest.treeSize > view.size) {
        this.logger?.error(
          { checkpointSize: latest.treeSize, treeSize: view.size },
          'audit log is smaller than its latest checkpoint: refusing to sign',
        );
        return null;
      }
      if (latest && latest.treeSize === view.size && latest.keyId === this.keyId) return null;
      const root = await rootAt(view.nodes, view.size);
      const signed = createCheckpoint({
        origin: this.origin,
        treeSize: view.size,
        rootHash: root,
        key: this.signingKey,
      });
      const stored: StoredCheckpoint = { ...signed, issuedAt: this.now() };
      await this.repository.insertCheckpoint(stored);
      return stored;
    });
  }

  /** Resolves once every write submitted so far has settled. */
  async idle(): Promise<void> {
    await this.writer.idle();
    await this.checkpointer.idle();
  }

  /** The current tree size. */
  async size(): Promise<number> {
    return (await this.repository.read()).size;
  }

  /** The latest checkpoint (public). */
  latestCheckpoint(): Promise<StoredCheckpoint | null> {
    return this.repository.latestCheckpoint();
  }

  /** Every key that ever signed checkpoints, with its validity (public). */
  signingKeys(): Promise<SigningKeyRecord[]> {
    return this.repository.signingKeys();
  }

  /** RFC 9162 inclusion proof of `index` in the tree of size `treeSize` (public). */
  async inclusionProof(index: number, treeSize: number): Promise<InclusionProofResult> {
    const view = await this.repository.read();
    // One node query for the path, the root and the leaf together.
    const nodes = new CoalescingNodeStore(view.nodes);
    return asUserInput(async () => {
      const [path, root, leaves] = await Promise.all([
        inclusionProof(nodes, index, treeSize),
        rootAt(nodes, treeSize),
        nodes.getNodes([{ level: 0, index }]),
      ]);
      const leaf = leaves.get(nodeKey(0, index));
      if (!leaf) throw new Error(`audit: leaf ${index} is missing from the tree`);
      return {
        index,
        treeSize,
        leafHash: hashToHex(leaf),
        rootHash: hashToHex(root),
        hashes: path.map(hashToHex),
      };
    });
  }

  /** RFC 9162 consistency proof between two tree sizes (public). */
  async consistencyProof(fromSize: number, toSize: number): Promise<ConsistencyProofResult> {
    const view = await this.repository.read();
    const nodes = new CoalescingNodeStore(view.nodes);
    return asUserInput(async () => {
      const [hashes, fromRoot, toRoot] = await Promise.all([
        consistencyProof(nodes, fromSize, toSize),
        rootAt(nodes, fromSize),
        rootAt(nodes, toSize),
      ]);
      return {
        fromSize,
        toSize,
        fromRoot: hashToHex(fromRoot),
        toRoot: hashToHex(toRoot),
        hashes: hashes.map(hashToHex),
      };
    });
  }

  /** `auditLog`: filtered entries in log order; needs the AUDIT_READ scope. */
  async entries(principal: Principal, filter: EntryFilter, page: PageArgs): Promise<EntryPage> {
    requireScope(principal, Scope.AUDIT_READ);
    const { limit, afterIndex } = pageWindow(page);
    const view = await this.repository.read();
    const rows = await view.entries(filter, afterIndex, limit + 1);
    return toPage(rows, limit);
  }

  /**
   * Public audit trails of many versions or servers at once (one query): entries of the public event
   * types only, in log order.
   */
  async trails(by: TrailKey, keys: readonly string[], page: PageArgs): Promise<Map<string, EntryPage>> {
    const { limit, afterIndex } = pageWindow(page);
    const view = await this.repository.read();
    const rows = await view.trails(by, [...new Set(keys)], PUBLIC_TRAIL_FAMILIES, afterIndex, limit + 1);
    return new Map(keys.map((key) => [key, toPage(rows.get(key) ?? [], limit)]));
  }
}

/** The leaf fields of an event, validated and normalised; throws {@link AuditEntryError}. */
export function validateEvent(event: EventEnvelope): Omit<AuditLeafEntry, 'index'> {
  const limits: [keyof EventEnvelope, number][] = [
    ['id', 64],
    ['type', 100],
    ['source', 50],
    ['actor', 200],
    ['subject', 300],
  ];
  for (const [field, max] of limits) {
    const value = event[field];
    if (typeof value !== 'string') throw new AuditEntryError(`event ${field} must be a string`);
    if (value.length > max) throw new AuditEntryError(`event ${field} is longer than ${max} characters`);
    if (field !== 'subject' && value.length === 0) throw new AuditEntryError(`event ${field} is empty`);
  }
  const time = new Date(event.occurredAt);
  if (typeof event.occurredAt !== 'string' || Number.isNaN(time.getTime())) {
    throw new AuditEntryError('event occurredAt is not a time');
  }
  const fields = {
    id: event.id,
    type: event.type,
    source: event.source,
    occurredAt: time.toISOString(),
    actor: event.actor,
    subject: event.subject,
    data: event.data,
  };
  auditLeafContent({ ...fields, index: 0 }); // the remaining checks (data is a JSON object)
  return fields;
}

/** Appends entries at `tx.size`...: entry rows, Merkle nodes and the head, in the caller's transaction. */
async function appendEntries(
  tx: AuditWriteTx,
  entries: readonly NewLogEntry[],
  now: Date,
): Promise<number[]> {
  if (entries.length === 0) return [];
  const hashes = entries.map((entry) => leafHash(auditLeafContent(entry)));
  await tx.insertEntries(entries, now);
  const newSize = await appendLeaves(tx.nodes, hashes, { expectedSize: tx.size });
  await tx.setSize(newSize, now);
  return entries.map((entry) => entry.index);
}

function withLookups(fields: Omit<AuditLeafEntry, 'index'>, index: number): NewLogEntry {
  const data = fields.data;
  return {
    ...fields,
    index,
    serverName: isServerScoped(fields.type) ? fields.subject : null,
    serverId: typeof data.serverId === 'string' ? data.serverId : null,
    versionId: typeof data.versionId === 'string' ? data.versionId : null,
  };
}

function addHit(hits: Map<string, WindowHit>, fields: Omit<AuditLeafEntry, 'index'>): void {
  const at = new Date(fields.occurredAt).getTime();
  const windowStart = new Date(at - (at % WINDOW_MS)).toISOString();
  const key = JSON.stringify([fields.type, fields.subject, windowStart]);
  const hit = hits.get(key);
  if (!hit) {
    hits.set(key, {
      type: fields.type,
      subject: fields.subject,
      windowStart,
      count: 1,
      source: fields.source,
      actor: fields.actor,
      firstEventId: fields.id,
      firstAt: fields.occurredAt,
      lastAt: fields.occurredAt,
      sample: canonicalJson(fields.data),
    });
    return;
  }
  hit.count += 1;
  if (fields.occurredAt < hit.firstAt) {
    hit.firstAt = fields.occurredAt;
    hit.firstEventId = fields.id;
  }
  if (fields.occurredAt > hit.lastAt) hit.lastAt = fields.occurredAt;
}

/** The single log entry a closed window becomes. */
function windowEntry(window: SecurityWindow, index: number): NewLogEntry {
  const end = new Date(new Date(window.windowStart).getTime() + WINDOW_MS).toISOString();
  return withLookups(
    {
      id: uuidv7(),
      type: window.type,
      source: window.source,
      occurredAt: window.windowStart,
      actor: window.actor,
      subject: window.subject,
      data: {
        aggregated: true,
        window: { start: window.windowStart, end },
        count: window.count,
        firstEventId: window.firstEventId,
        firstOccurredAt: window.firstAt,
        lastOccurredAt: window.lastAt,
        sample: JSON.parse(window.sample) as unknown,
      },
    },
    index,
  );
}

function pageWindow(page: PageArgs): { limit: number; afterIndex: number | undefined } {
  const limit = clampFirst(page.first);
  if (page.after === null || page.after === undefined) return { limit, afterIndex: undefined };
  const afterIndex = decodeCursor<number>(CURSOR_KIND, page.after);
  if (!Number.isSafeInteger(afterIndex) || (afterIndex as number) < 0) {
    throw new AppError('BAD_USER_INPUT', 'after is not a cursor of this connection');
  }
  return { limit, afterIndex };
}

function toPage(rows: readonly LogEntry[], limit: number): EntryPage {
  return {
    entries: rows.slice(0, limit).map((entry) => ({ cursor: encodeCursor(CURSOR_KIND, entry.index), entry })),
    hasNextPage: rows.length > limit,
  };
}

/** Runs a proof computation; an out-of-range argument becomes a BAD_USER_INPUT AppError. */
async function asUserInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProofRangeError) throw new AppError('BAD_USER_INPUT', error.message);
    throw error;
  }
}
