import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '@mcpr/platform';
import { TrustServerEntity } from './trust-server.entity';

/** One tier transition of a server, as emitted in `tier.changed` (the history behind `tierHistory`). */
@Entity({ tableName: 'tier_change' })
@Index({ properties: ['serverId', 'changedAt'] })
export class TierChangeEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = uuidv7();

  @ManyToOne({ entity: () => TrustServerEntity, mapToPk: true, fieldName: 'server_id' })
  serverId!: string;

  @Property({ type: 'string', length: 32 })
  fromTier!: string;

  @Property({ type: 'string', length: 32 })
  toTier!: string;

  /** The main reason of the change (a demotion's cause, or what earned the promotion). */
  @Property({ type: 'text' })
  reason!: string;

  /** Every reason of the new evaluation. */
  @Property({ type: 'json' })
  reasons!: string[];

  /** The version the tier was evaluated on. */
  @Property({ type: 'string', length: 36, nullable: true })
  versionId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  version: string | null = null;

  /** Id of the `tier.changed` event. */
  @Property({ type: 'string', length: 36 })
  eventId!: string;

  @Property({ type: 'Date' })
  changedAt: Date = new Date();
}
