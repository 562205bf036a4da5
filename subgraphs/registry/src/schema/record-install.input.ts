import { Field, InputType } from 'type-graphql';

@InputType()
export class RecordInstallInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Default: the latest version.' })
  version?: string | null;

  @Field(() => String, { nullable: true, description: 'The installing client, e.g. "vscode".' })
  client?: string | null;
}
