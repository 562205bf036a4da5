import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What search knows about one registry server, enough to rebuild its in-memory index at start: every
 * published manifest it has seen (with its status), the registry's latest version, and the trust/install
 * signals. `state` is JSON text (see `ServerSnapshot`).
 */
@Entity({ tableName: 'search_server_state' })
export class SearchServerStateEntity {
  @PrimaryKey({ type: 'string', length: 300 })
  name!: string;

  @Property({ type: 'text' })
  state!: string;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
