import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7, type Scope } from '@mcpr/platform';
import { AccountEntity } from './account.entity';

/** An API key. Only the SHA-256 of the secret is stored, plus a short display prefix. */
@Entity({ tableName: 'api_key' })
export class ApiKeyEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @ManyToOne({ entity: () => AccountEntity, mapToPk: true, fieldName: 'account_id', index: true })
  accountId!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 16 })
  prefix!: string;

  @Property({ type: 'string', length: 64, unique: true })
  keyHash!: string;

  @Property({ type: 'json' })
  scopes!: Scope[];

  /** Explicit namespace patterns; null means "the namespaces the account owns", evaluated at use. */
  @Property({ type: 'json', nullable: true })
  namespaces: string[] | null = null;

  /** Denormalised `scopes` contains ADMIN, so "is there an admin key" is a plain indexed query. */
  @Index()
  @Property({ type: 'boolean' })
  isAdmin: boolean = false;

  @Property({ type: 'Date', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  lastUsedAt: Date | null = null;

  /** The key this one replaced by rotation, if any. */
  @Property({ type: 'string', length: 36, nullable: true })
  rotatedFromId: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
