import { canonicalJson } from '@mcpr/platform/crypto/canonical-json';
import { leafHash } from './merkle';

/**
 * The leaf content of an audit entry: the RFC 8785 canonical JSON of exactly these fields, no more,
 * no fewer —
 *
 * | field        | meaning                                                                   |
 * |--------------|---------------------------------------------------------------------------|
 * | `index`      | the entry's position in the log (0-based, gapless)                        |
 * | `id`         | the event id from the envelope (ULID/UUIDv7)                              |
 * | `type`       | event type, e.g. `version.published`                                      |
 * | `source`     | producing service, e.g. `registry`                                        |
 * | `occurredAt` | event time as `Date.prototype.toISOString()` prints it (UTC, milliseconds) |
 * | `actor`      | account handle, `anonymous` or `system`                                   |
 * | `subject`    | server name, namespace, key id or network                                 |
 * | `data`       | the event's JSON object                                                   |
 *
 * The index is inside the leaf, so removing, inserting or reordering entries changes leaf hashes and
 * is caught by inclusion proofs, not only by the count. The envelope's `traceId` is left out: it is
 * observability metadata, not part of the state change. The field list is fixed here rather than taken
 * from whatever object is passed in, so adding a field to the envelope can never change the hash of
 * entries already in the log. The leaf hash is `SHA-256(0x00 ‖ UTF-8(canonical JSON))`.
 */
export interface AuditLeafEntry {
  index: number;
  id: string;
  type: string;
  source: string;
  occurredAt: string;
  actor: string;
  subject: string;
  data: Record<string, unknown>;
}

/** An entry that cannot be turned into a leaf (wrong types, non-canonical time, non-JSON data). */
export class AuditEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditEntryError';
  }
}

const STRING_FIELDS = ['id', 'type', 'source', 'occurredAt', 'actor', 'subject'] as const;

/**
 * The canonical JSON leaf content of an audit entry (see {@link AuditLeafEntry} for the fields).
 * Extra properties of `entry` are ignored. Throws {@link AuditEntryError} for a negative or
 * non-integer index, a non-string field, an `occurredAt` that is not in `toISOString()` form (so a
 * verifier who reads the time back from the API rebuilds the identical string), or `data` that is not
 * a JSON object.
 */
export function auditLeafContent(entry: AuditLeafEntry): string {
  if (!Number.isSafeInteger(entry.index) || entry.index < 0) {
    throw new AuditEntryError('index must be a non-negative integer');
  }
  for (const field of STRING_FIELDS) {
    if (typeof entry[field] !== 'string') throw new AuditEntryError(`${field} must be a string`);
  }
  const time = new Date(entry.occurredAt);
  if (Number.isNaN(time.getTime()) || time.toISOString() !== entry.occurredAt) {
    throw new AuditEntryError('occurredAt must be an ISO 8601 UTC time as toISOString() prints it');
  }
  if (entry.data === null || typeof entry.data !== 'object' || Array.isArray(entry.data)) {
    throw new AuditEntryError('data must be a JSON object');
  }
  const leaf = {
    index: entry.index,
    id: entry.id,
    type: entry.type,
    source: entry.source,
    occurredAt: entry.occurredAt,
    actor: entry.actor,
    subject: entry.subject,
    data: entry.data,
  };
  try {
    return canonicalJson(leaf);
  } catch (error) {
    throw new AuditEntryError(`data has no JSON form: ${(error as Error).message}`);
  }
}

/** Lowercase hex leaf hash of an audit entry: `SHA-256(0x00 ‖ auditLeafContent(entry))`. */
export function auditLeafHash(entry: AuditLeafEntry): string {
  return leafHash(auditLeafContent(entry)).toString('hex');
}
