import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'How a package is reached once started.' })
export class PackageTransport {
  @Field(() => String, { description: 'stdio, streamable-http or sse.' })
  type!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;
}

@ObjectType({ description: 'An installable package of a server version (official server.json `packages`).' })
export class ServerPackage {
  @Field(() => String, { description: 'npm, pypi, oci, nuget, mcpb, ...' })
  registryType!: string;

  @Field(() => String, { nullable: true })
  registryBaseUrl!: string | null;

  @Field(() => String)
  identifier!: string;

  @Field(() => String, { nullable: true })
  version!: string | null;

  @Field(() => String, { nullable: true })
  runtimeHint!: string | null;

  @Field(() => PackageTransport, { nullable: true })
  transport!: PackageTransport | null;
}

@ObjectType({ description: 'A hosted endpoint of a server version (official server.json `remotes`).' })
export class ServerRemote {
  @Field(() => String)
  type!: string;

  @Field(() => String)
  url!: string;
}
