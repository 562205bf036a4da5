import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';
import { ScannedVersionEntity } from './scanned-version.entity';
import { TrustServerEntity } from './trust-server.entity';

/** A third-party attestation of one version, recorded by a TRUST_ADMIN: it certifies that version. */
@Entity({ tableName: 'attestation' })
@Unique({ properties: ['versionId', 'attestor'] })
export class AttestationEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @ManyToOne({ entity: () => TrustServerEntity, mapToPk: true, fieldName: 'server_id', index: true })
  serverId!: string;

  @ManyToOne({ entity: () => ScannedVersionEntity, mapToPk: true, fieldName: 'version_id', index: true })
  versionId!: string;

  /** Who attested (an auditing firm, a certification body). */
  @Property({ type: 'string', length: 200 })
  attestor!: string;

  @Property({ type: 'string', length: 2000 })
  evidenceUrl!: string;

  /** Account handle of the TRUST_ADMIN who recorded it. */
  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'Date' })
  recordedAt: Date = new Date();
}
