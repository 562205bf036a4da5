import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { VersionStatus } from '@mcpr/platform';
import type { Finding, ToolChanges, ToolPinEntry } from '@mcpr/scanner';
import { TrustServerEntity } from './trust-server.entity';

/**
 * A published version as trust saw it, with its scan report. Written once, in the transaction that
 * consumes `version.published`; afterwards only `status` changes (from `version.status_changed`).
 */
@Entity({ tableName: 'scanned_version' })
@Unique({ properties: ['serverId', 'version'] })
export class ScannedVersionEntity {
  /** The registry's version id. */
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @ManyToOne({ entity: () => TrustServerEntity, mapToPk: true, fieldName: 'server_id', index: true })
  serverId!: string;

  @Property({ type: 'string', length: 255 })
  version!: string;

  @Property({ type: 'boolean' })
  isSemver!: boolean;

  @Property({ type: 'string', length: 16 })
  status: VersionStatus = VersionStatus.ACTIVE;

  /** When the registry published it (the event's `occurredAt`). */
  @Property({ type: 'Date' })
  publishedAt!: Date;

  /** Account handle of the publisher (the event's actor). */
  @Property({ type: 'string', length: 200 })
  publishedBy!: string;

  @Property({ type: 'string', length: 64 })
  manifestDigest!: string;

  @Property({ type: 'json' })
  manifest!: Record<string, unknown>;

  /** PASSED, WARNED or FAILED (a stored report is never PENDING). */
  @Index()
  @Property({ type: 'string', length: 16 })
  scanStatus!: string;

  @Property({ type: 'integer' })
  scanScore!: number;

  @Property({ type: 'json' })
  findings!: Finding[];

  @Property({ type: 'json' })
  toolPins!: ToolPinEntry[];

  @Property({ type: 'string', length: 64 })
  toolsetHash!: string;

  /** The version the tools were diffed against (null for the first). */
  @Property({ type: 'string', length: 36, nullable: true })
  previousVersionId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  previousVersion: string | null = null;

  @Property({ type: 'json', nullable: true })
  toolChanges: ToolChanges | null = null;

  /** A `rug-pull.tool-changed` or `rug-pull.instructions-added` finding. */
  @Property({ type: 'boolean' })
  rugPull: boolean = false;

  /** `keyId` of the manifest's `_meta["io.mcpr/signature"]`, if any (for batched key lookups). */
  @Property({ type: 'string', length: 256, nullable: true })
  signatureKeyId: string | null = null;

  @Property({ type: 'Date' })
  scannedAt!: Date;
}
