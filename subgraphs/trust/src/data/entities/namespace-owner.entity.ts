import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Who owns a namespace (from `namespace.created`): whose publisher keys may sign its manifests. */
@Entity({ tableName: 'namespace_owner' })
export class NamespaceOwnerEntity {
  @PrimaryKey({ type: 'string', length: 200 })
  name!: string;

  /** Account handle of the owner. */
  @Property({ type: 'string', length: 200 })
  owner!: string;
}
