import { Field, InputType, Int } from 'type-graphql';
import { Scope } from '@mcpr/platform';

@InputType()
export class CreateApiKeyInput {
  @Field(() => String, {
    nullable: true,
    description: "Account handle (ADMIN only); default the caller's account.",
  })
  account?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => [Scope])
  scopes!: Scope[];

  @Field(() => [String], {
    nullable: true,
    description: 'Patterns such as io.github.acme/*; default the owned namespaces.',
  })
  namespaces?: string[] | null;

  @Field(() => Int, { nullable: true })
  expiresInDays?: number | null;
}
