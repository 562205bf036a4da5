import { Field, ID, ObjectType } from 'type-graphql';
import { Scope } from '@mcpr/platform';

@ObjectType({ description: 'An API key (never its secret or hash).' })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The first characters of the key, to recognise it.' })
  prefix!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [Scope])
  scopes!: Scope[];

  @Field(() => [String], {
    nullable: true,
    description: 'Namespace patterns; null means the namespaces the account owns (evaluated at use).',
  })
  namespaces!: string[] | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The key this one replaced by rotation.' })
  rotatedFromId!: string | null;

  /** Resolved by `ApiKey.account`. */
  accountId!: string;
}
