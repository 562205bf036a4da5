import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';

/** A user or organisation; owns namespaces and API keys. */
@Entity({ tableName: 'account' })
export class AccountEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @Property({ type: 'string', length: 100, unique: true })
  handle!: string;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
