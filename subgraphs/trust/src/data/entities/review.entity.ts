import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';
import { ScannedVersionEntity } from './scanned-version.entity';
import { TrustServerEntity } from './trust-server.entity';

/** A reviewer's verdict on one version. One per reviewer (account) and version: a new one replaces it. */
@Entity({ tableName: 'review' })
@Unique({ properties: ['versionId', 'reviewer'] })
export class ReviewEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @ManyToOne({ entity: () => TrustServerEntity, mapToPk: true, fieldName: 'server_id', index: true })
  serverId!: string;

  @ManyToOne({ entity: () => ScannedVersionEntity, mapToPk: true, fieldName: 'version_id', index: true })
  versionId!: string;

  /** Account handle of the reviewer. */
  @Property({ type: 'string', length: 200 })
  reviewer!: string;

  /** APPROVE or REJECT. */
  @Property({ type: 'string', length: 16 })
  verdict!: string;

  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date' })
  updatedAt: Date = new Date();
}
