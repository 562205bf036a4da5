import { Field, InputType } from 'type-graphql';

@InputType()
export class CreateNamespaceInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Account handle; the account is created if new.' })
  owner!: string;
}
