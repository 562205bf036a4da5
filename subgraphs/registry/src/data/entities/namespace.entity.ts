import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';
import { AccountEntity } from './account.entity';

/** A reverse-DNS namespace (`io.github.alice`) owned by one account. */
@Entity({ tableName: 'namespace' })
export class NamespaceEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @Property({ type: 'string', length: 200, unique: true })
  name!: string;

  @ManyToOne({ entity: () => AccountEntity, mapToPk: true, fieldName: 'owner_id', index: true })
  ownerId!: string;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
