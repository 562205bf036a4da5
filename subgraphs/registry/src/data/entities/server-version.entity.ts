import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7, VersionStatus } from '@mcpr/platform';
import { ServerEntity } from './server.entity';

/** One immutable published version; only `status`, `statusMessage` and `isLatest` ever change. */
@Entity({ tableName: 'server_version' })
@Unique({ properties: ['serverId', 'version'] })
@Index({ properties: ['serverId', 'isLatest'] })
export class ServerVersionEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @ManyToOne({ entity: () => ServerEntity, mapToPk: true, fieldName: 'server_id' })
  serverId!: string;

  @Property({ type: 'string', length: 255 })
  version!: string;

  @Property({ type: 'boolean' })
  isSemver!: boolean;

  @Property({ type: 'boolean' })
  isLatest: boolean = false;

  @Property({ type: 'string', length: 16 })
  status: VersionStatus = VersionStatus.ACTIVE;

  @Property({ type: 'text', nullable: true })
  statusMessage: string | null = null;

  @Property({ type: 'Date' })
  publishedAt: Date = new Date();

  /** Account handle of the publisher. */
  @Property({ type: 'string', length: 100 })
  publishedBy!: string;

  @Property({ type: 'string', length: 64 })
  manifestDigest!: string;

  @Property({ type: 'json' })
  manifest!: Record<string, unknown>;
}
