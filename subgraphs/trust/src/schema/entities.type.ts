import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Trust's view of a registry server: it adds `trust`. */
@Directive('@key(fields: "id")')
@Directive('@key(fields: "name")')
@ObjectType()
export class Server {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}

/** Trust's view of a registry version: it adds `scan` and `toolChanges`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class ServerVersion {
  @Field(() => ID)
  id!: string;
}
