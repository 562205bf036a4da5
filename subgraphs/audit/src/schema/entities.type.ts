import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Audit's view of a registry version: it adds `auditTrail`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class ServerVersion {
  @Field(() => ID)
  id!: string;
}

/** Audit's view of a registry server, keyed by name (the subject of its events): it adds `auditTrail`. */
@Directive('@key(fields: "name")')
@ObjectType()
export class Server {
  @Field(() => String)
  name!: string;
}
