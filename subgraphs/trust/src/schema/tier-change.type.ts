import { Field, ObjectType } from 'type-graphql';
import { TrustTier } from '@mcpr/platform';

@ObjectType({ description: 'One change of a server’s trust tier (each one is a `tier.changed` event).' })
export class TierChange {
  @Field(() => TrustTier)
  from!: TrustTier;

  @Field(() => TrustTier)
  to!: TrustTier;

  @Field(() => String, {
    description: 'The main reason: the cause of a demotion, or what earned a promotion.',
  })
  reason!: string;

  @Field(() => [String])
  reasons!: string[];

  @Field(() => String, { nullable: true, description: 'The version the tier was evaluated on.' })
  version!: string | null;

  @Field(() => Date)
  changedAt!: Date;
}
