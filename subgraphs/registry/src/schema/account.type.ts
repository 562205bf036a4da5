import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A user or organisation that owns namespaces and API keys.' })
export class Account {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  handle!: string;
}
