import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '@mcpr/platform';
import { Server } from './server.type';
import { ServerVersion } from './server-version.type';

@ObjectType()
export class SetServerStatusPayload {
  @Field(() => Server, { nullable: true })
  server!: Server | null;

  @Field(() => [ServerVersion], {
    description: 'The versions that changed, newest first (versions already in that state are left out).',
  })
  versions!: ServerVersion[];

  @Field(() => Int)
  updatedCount!: number;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
