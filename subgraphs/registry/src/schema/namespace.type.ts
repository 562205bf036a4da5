import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A reverse-DNS namespace (io.github.alice) that servers are published under.' })
export class Namespace {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;

  /** Resolved by `Namespace.owner`. */
  ownerId!: string;
}
