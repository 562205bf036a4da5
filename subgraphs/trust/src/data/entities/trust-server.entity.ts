import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { TrustTier } from '@mcpr/platform';

/**
 * Trust's view of a registry server, created from the first `version.published` event: its latest version
 * (as the registry decided it), its install count, and the stored outcome of the last tier evaluation.
 */
@Entity({ tableName: 'trust_server' })
export class TrustServerEntity {
  /** The registry's server id. */
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 300, unique: true })
  name!: string;

  @Index()
  @Property({ type: 'string', length: 200 })
  namespace!: string;

  /** The registry's latest version (null while every version is deleted). No foreign key: set before the version row exists. */
  @Property({ type: 'string', length: 36, nullable: true })
  latestVersionId: string | null = null;

  /** Installs accepted by the registry (its running count, from `install.recorded`). */
  @Property({ type: 'integer' })
  installs: number = 0;

  @Index()
  @Property({ type: 'string', length: 32 })
  tier: TrustTier = TrustTier.UNVERIFIED;

  /** 0–100. */
  @Property({ type: 'integer' })
  score: number = 0;

  @Property({ type: 'json' })
  reasons: string[] = [];

  /** The version the stored tier was evaluated on. */
  @Property({ type: 'string', length: 36, nullable: true })
  evaluatedVersionId: string | null = null;

  @Property({ type: 'Date', nullable: true })
  tierChangedAt: Date | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  /** When the trust summary (tier, score or reasons) last changed. */
  @Property({ type: 'Date' })
  updatedAt: Date = new Date();
}
