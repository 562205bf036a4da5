import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7, VersionStatus } from '@mcpr/platform';
import { NamespaceEntity } from './namespace.entity';

/**
 * A server: the stable identity behind its versions. Title, description, links, status and the latest
 * version are denormalised from the latest version so listing needs no join.
 */
@Entity({ tableName: 'server' })
export class ServerEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @Property({ type: 'string', length: 300, unique: true })
  name!: string;

  @ManyToOne({ entity: () => NamespaceEntity, mapToPk: true, fieldName: 'namespace_id', index: true })
  namespaceId!: string;

  @Property({ type: 'string', length: 300, nullable: true })
  title: string | null = null;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'string', length: 2000, nullable: true })
  websiteUrl: string | null = null;

  @Property({ type: 'json', nullable: true })
  repository: Record<string, unknown> | null = null;

  /** Status of the latest version; DELETED when every version is deleted. */
  @Index()
  @Property({ type: 'string', length: 16 })
  status: VersionStatus = VersionStatus.ACTIVE;

  /** No foreign key on purpose: server and version reference each other. */
  @Property({ type: 'string', length: 36, nullable: true })
  latestVersionId: string | null = null;

  @Property({ type: 'integer' })
  installCount: number = 0;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Index()
  @Property({ type: 'Date' })
  updatedAt: Date = new Date();
}
