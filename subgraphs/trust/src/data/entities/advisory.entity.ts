import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';
import { TrustServerEntity } from './trust-server.entity';

/** A security advisory against a range of a server's versions. */
@Entity({ tableName: 'advisory' })
export class AdvisoryEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @ManyToOne({ entity: () => TrustServerEntity, mapToPk: true, fieldName: 'server_id', index: true })
  serverId!: string;

  /** A semver range (matched with prereleases included). */
  @Property({ type: 'string', length: 500 })
  affectedVersions!: string;

  @Property({ type: 'string', length: 16 })
  severity!: string;

  @Property({ type: 'string', length: 500 })
  summary!: string;

  @Property({ type: 'text', nullable: true })
  details: string | null = null;

  /** Account handle of the publisher of the advisory. */
  @Property({ type: 'string', length: 200 })
  publishedBy!: string;

  @Property({ type: 'Date' })
  publishedAt: Date = new Date();
}
