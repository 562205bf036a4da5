import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';

/** An account's Ed25519 public key; its id is the `keyId` manifests name in `_meta["io.mcpr/signature"]`. */
@Entity({ tableName: 'publisher_key' })
export class PublisherKeyEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  /** Account handle that owns the key. */
  @Index()
  @Property({ type: 'string', length: 200 })
  account!: string;

  /** Standard base64 of the raw 32-byte public key. */
  @Property({ type: 'string', length: 64 })
  publicKey!: string;

  /** Lowercase hex SHA-256 of the raw public key. */
  @Index()
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  @Property({ type: 'string', length: 200 })
  createdBy!: string;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  revokedBy: string | null = null;
}
