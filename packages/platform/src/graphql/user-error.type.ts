import { Directive, Field, ObjectType } from 'type-graphql';

/** An expected failure of a mutation; `path` starts at the input field. */
@Directive('@shareable')
@ObjectType({ description: 'An expected failure of a mutation (validation, conflict, missing target).' })
export class UserError {
  @Field(() => String, { description: 'BAD_USER_INPUT, CONFLICT or NOT_FOUND.' })
  code!: string;

  @Field(() => String)
  message!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'From the input field down; array indexes as decimal strings.',
  })
  path?: string[];
}
