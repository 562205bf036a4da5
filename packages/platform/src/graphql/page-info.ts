import { Directive, Field, Int, ObjectType } from 'type-graphql';

/** Relay page information; @shareable because every subgraph that paginates declares it. */
@Directive('@shareable')
@ObjectType({ description: 'Relay connection page information.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor?: string | null;

  @Field(() => String, { nullable: true })
  endCursor?: string | null;
}

/** A shared `{ value count }` bucket (facets, top lists). */
@Directive('@shareable')
@ObjectType({ description: 'A value and how often it occurs.' })
export class ValueCount {
  @Field(() => String)
  value!: string;

  @Field(() => Int)
  count!: number;
}
