import { Field, InputType } from 'type-graphql';
import { VersionStatus } from '@mcpr/platform';

@InputType()
export class ServerFilter {
  @Field(() => String, { nullable: true })
  namespace?: string | null;

  @Field(() => VersionStatus, { nullable: true })
  status?: VersionStatus | null;

  @Field(() => String, { nullable: true })
  nameContains?: string | null;

  @Field(() => Date, { nullable: true })
  updatedSince?: Date | null;
}
