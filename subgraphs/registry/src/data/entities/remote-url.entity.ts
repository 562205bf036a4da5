import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ServerEntity } from './server.entity';

/**
 * A remote URL claimed by a server. The primary key makes "a remote URL belongs to one server" a
 * database guarantee, not only a check (two concurrent publishes cannot both claim it).
 */
@Entity({ tableName: 'remote_url' })
export class RemoteUrlEntity {
  @PrimaryKey({ type: 'string', length: 2000 })
  url!: string;

  @ManyToOne({ entity: () => ServerEntity, mapToPk: true, fieldName: 'server_id', index: true })
  serverId!: string;

  @Property({ type: 'Date' })
  claimedAt: Date = new Date();
}
