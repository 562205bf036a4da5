import { Field, ID, ObjectType } from 'type-graphql';
import { Scope } from '@mcpr/platform';

@ObjectType({ description: 'The caller, as identified by its API key.' })
export class Viewer {
  @Field(() => ID)
  keyId!: string;

  @Field(() => String, { description: 'Account handle.' })
  handle!: string;

  @Field(() => [Scope])
  scopes!: Scope[];

  @Field(() => [String], { description: 'The effective namespace patterns of the key.' })
  namespaces!: string[];

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  /** Resolved by `Viewer.account`. */
  accountId!: string;
}
