import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';
import { ServerEntity } from './server.entity';

/** One recorded install (the count itself is denormalised on the server row). */
@Entity({ tableName: 'install' })
export class InstallEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @ManyToOne({ entity: () => ServerEntity, mapToPk: true, fieldName: 'server_id', index: true })
  serverId!: string;

  @Property({ type: 'string', length: 36, nullable: true })
  versionId: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  client: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
