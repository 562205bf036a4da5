import { Field, InputType } from 'type-graphql';
import { VersionStatus } from '@mcpr/platform';

@InputType({ description: 'The status to give every version of a server.' })
export class SetServerStatusInput {
  @Field(() => String)
  name!: string;

  @Field(() => VersionStatus)
  status!: VersionStatus;

  @Field(() => String, { nullable: true })
  message?: string | null;
}
