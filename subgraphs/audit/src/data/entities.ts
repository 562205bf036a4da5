import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ProcessedEvent } from '@mcpr/platform';
import { analyticsEntities } from './analytics-entities';

/**
 * The audit schema as MikroORM entities: they document the table layout and let the ORM generate DDL;
 * the log itself reads and writes these tables with raw SQL (`audit-repository.ts`), and the migrations
 * are hand-written because they add what entities cannot express (append-only triggers, the head row).
 *
 * Append-only (UPDATE/DELETE/TRUNCATE refused by triggers): audit_entry, audit_merkle_node,
 * audit_checkpoint. Mutable by design: audit_tree_head (the writer lock and the size), audit_signing_key
 * (validUntil is set on rotation), audit_security_window (open aggregation windows, deleted when they
 * are closed into a log entry), processed_event (idempotency).
 */

/** One log entry: the leaf content fields, verbatim, plus indexed columns extracted from `data`. */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['type', 'index'] })
@Index({ properties: ['subject', 'index'] })
@Index({ properties: ['actor', 'index'] })
@Index({ properties: ['versionId', 'index'] })
@Index({ properties: ['serverName', 'index'] })
@Index({ properties: ['occurredAt'] })
export class AuditEntryRow {
  /** The 0-based, gapless position in the log (`idx`: `index` is a reserved word in SQL). */
  @PrimaryKey({ type: 'bigint', fieldName: 'idx', autoincrement: false })
  index!: number;

  @Unique()
  @Property({ type: 'string', length: 64 })
  eventId!: string;

  @Property({ type: 'string', length: 100 })
  type!: string;

  @Property({ type: 'string', length: 50 })
  source!: string;

  /** Exactly the string that was hashed (`Date#toISOString()` form), so it sorts as time does. */
  @Property({ type: 'string', length: 24 })
  occurredAt!: string;

  @Property({ type: 'string', length: 200 })
  actor!: string;

  @Property({ type: 'string', length: 300 })
  subject!: string;

  /** The RFC 8785 JSON of the event's data, as hashed (text, not json: no re-encoding by the engine). */
  @Property({ type: 'text' })
  data!: string;

  /** For server-scoped event families: the subject (the server name). */
  @Property({ type: 'string', length: 300, nullable: true })
  serverName?: string | null;

  /** `data.serverId` when the event carries one. */
  @Property({ type: 'string', length: 64, nullable: true })
  serverId?: string | null;

  /** `data.versionId` when the event carries one (ServerVersion.auditTrail). */
  @Property({ type: 'string', length: 64, nullable: true })
  versionId?: string | null;

  /** When the log appended it (not part of the leaf; for lag metrics). */
  @Property({ type: 'datetime' })
  appendedAt!: Date;
}

/**
 * A perfect subtree of the Merkle tree (`domain/node-store.ts`): level 0 holds the leaf hashes, level L
 * index i covers leaves [i·2^L, (i+1)·2^L). Written once, when its last leaf is appended.
 */
@Entity({ tableName: 'audit_merkle_node' })
export class AuditMerkleNodeRow {
  @PrimaryKey({ type: 'smallint' })
  level!: number;

  @PrimaryKey({ type: 'bigint', fieldName: 'idx', autoincrement: false })
  index!: number;

  @Property({ type: 'blob' })
  hash!: Buffer;
}

/** The single row (id 1) holding the tree size; appenders lock it (`FOR UPDATE`) to serialise. */
@Entity({ tableName: 'audit_tree_head' })
export class AuditTreeHeadRow {
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id!: number;

  @Property({ type: 'bigint' })
  size!: number;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** A signed checkpoint; one per (tree size, key), so a rotation can re-sign the current size. */
@Entity({ tableName: 'audit_checkpoint' })
@Unique({ properties: ['treeSize', 'keyId'] })
export class AuditCheckpointRow {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Index()
  @Property({ type: 'bigint' })
  treeSize!: number;

  /** Lowercase hex. */
  @Property({ type: 'string', length: 64 })
  rootHash!: string;

  @Property({ type: 'string', length: 200 })
  origin!: string;

  @Property({ type: 'text' })
  note!: string;

  /** Base64 of the raw 64-byte Ed25519 signature over `note`. */
  @Property({ type: 'string', length: 100 })
  signature!: string;

  @Property({ type: 'string', length: 16 })
  keyId!: string;

  @Property({ type: 'datetime' })
  issuedAt!: Date;
}

/** Every checkpoint key ever used, with when it was the signing key. */
@Entity({ tableName: 'audit_signing_key' })
export class AuditSigningKeyRow {
  @PrimaryKey({ type: 'string', length: 16 })
  keyId!: string;

  /** Base64 of the raw 32-byte Ed25519 public key. */
  @Property({ type: 'string', length: 44 })
  publicKey!: string;

  @Property({ type: 'datetime' })
  validFrom!: Date;

  @Property({ type: 'datetime', nullable: true })
  validUntil?: Date | null;
}

/**
 * An open aggregation window of a security event type (`auth.failed`, `ratelimit.exceeded`) for one
 * subject (key id or network) and one UTC minute. Closed into a single log entry, then deleted.
 */
@Entity({ tableName: 'audit_security_window' })
@Unique({ properties: ['type', 'subject', 'windowStart'] })
export class AuditSecurityWindowRow {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 100 })
  type!: string;

  @Property({ type: 'string', length: 300 })
  subject!: string;

  /** ISO time of the minute's start. */
  @Index()
  @Property({ type: 'string', length: 24 })
  windowStart!: string;

  @Property({ type: 'integer' })
  count!: number;

  @Property({ type: 'string', length: 50 })
  source!: string;

  @Property({ type: 'string', length: 200 })
  actor!: string;

  @Property({ type: 'string', length: 64 })
  firstEventId!: string;

  @Property({ type: 'string', length: 24 })
  firstAt!: string;

  @Property({ type: 'string', length: 24 })
  lastAt!: string;

  /** Canonical JSON of the first event's data (a sample of what the window counts). */
  @Property({ type: 'text' })
  sample!: string;
}

/** Every entity of the audit database (the platform's ProcessedEvent included, for idempotency). */
export const auditEntities = [
  AuditEntryRow,
  AuditMerkleNodeRow,
  AuditTreeHeadRow,
  AuditCheckpointRow,
  AuditSigningKeyRow,
  AuditSecurityWindowRow,
  ProcessedEvent,
  ...analyticsEntities,
];
