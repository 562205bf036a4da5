import { Field, InputType } from 'type-graphql';
import { VersionStatus } from '@mcpr/platform';

@InputType()
export class SetVersionStatusInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'A version, or "latest".' })
  version!: string;

  @Field(() => VersionStatus)
  status!: VersionStatus;

  @Field(() => String, { nullable: true })
  message?: string | null;
}
