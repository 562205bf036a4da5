import { Field, Int, ObjectType } from 'type-graphql';
import { TrustTier } from '@mcpr/platform';

@ObjectType({
  description: "A server's trust tier, evaluated on its latest version, and the reasons for it.",
})
export class Trust {
  @Field(() => TrustTier)
  tier!: TrustTier;

  @Field(() => Int, { description: '0–100: 60% of the latest scan score, plus the tier, minus advisories.' })
  score!: number;

  @Field(() => [String], { description: 'Demotions first, then every fact the tier was decided on.' })
  reasons!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Installs accepted by the registry; null if trust has not seen the server.',
  })
  installs!: number | null;

  /** Never set here: `TrustFieldsResolver` loads it from `evaluatedVersionId` when a client asks for it. */
  @Field(() => String, { nullable: true, description: 'The version the tier was evaluated on.' })
  evaluatedVersion?: never;

  /** Not in the schema: the key `evaluatedVersion` is loaded by. */
  evaluatedVersionId?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the tier last changed.' })
  tierChangedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When tier, score or reasons last changed.' })
  updatedAt!: Date | null;
}
