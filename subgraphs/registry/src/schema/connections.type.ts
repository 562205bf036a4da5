import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '@mcpr/platform';
import { ApiKey } from './api-key.type';
import { ServerVersion } from './server-version.type';
import { Server } from './server.type';

@ObjectType()
export class ServerEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Server)
  node!: Server;
}

@ObjectType({ description: 'Servers ordered by name.' })
export class ServerConnection {
  @Field(() => [ServerEdge])
  edges!: ServerEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType()
export class ServerVersionEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ServerVersion)
  node!: ServerVersion;
}

@ObjectType({ description: 'Versions, newest publish first.' })
export class ServerVersionConnection {
  @Field(() => [ServerVersionEdge])
  edges!: ServerVersionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType()
export class ApiKeyEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ApiKey)
  node!: ApiKey;
}

@ObjectType({ description: 'API keys, newest first.' })
export class ApiKeyConnection {
  @Field(() => [ApiKeyEdge])
  edges!: ApiKeyEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
