import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { JSONScalar, VersionStatus } from '@mcpr/platform';

@Directive('@key(fields: "id")')
@Directive('@key(fields: "name")')
@ObjectType({ description: 'An MCP server: the stable identity behind its published versions.' })
export class Server {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Full name, e.g. io.github.alice/weather.' })
  name!: string;

  @Field(() => String, { nullable: true, description: "From the latest version's manifest." })
  title!: string | null;

  @Field(() => String, { description: "From the latest version's manifest." })
  description!: string;

  @Field(() => VersionStatus, { description: 'Status of the latest version; DELETED when every version is.' })
  status!: VersionStatus;

  @Field(() => Int)
  installCount!: number;

  @Field(() => String, { nullable: true })
  websiteUrl!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'The manifest `repository` object.' })
  repository!: Record<string, unknown> | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /** Resolved by `Server.namespace`. */
  namespaceId!: string;
}
