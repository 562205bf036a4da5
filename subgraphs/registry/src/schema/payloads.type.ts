import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '@mcpr/platform';
import { ApiKey } from './api-key.type';
import { Namespace } from './namespace.type';
import { ServerVersion } from './server-version.type';

@ObjectType({ description: 'A validation warning: the manifest was accepted anyway.' })
export class PublishWarning {
  @Field(() => String)
  message!: string;

  @Field(() => [String], { description: 'From the input field down, like UserError.path.' })
  path!: string[];
}

@ObjectType()
export class PublishServerPayload {
  @Field(() => ServerVersion, { nullable: true })
  version!: ServerVersion | null;

  @Field(() => [PublishWarning])
  warnings!: PublishWarning[];

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class SetVersionStatusPayload {
  @Field(() => ServerVersion, { nullable: true })
  version!: ServerVersion | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class CreateNamespacePayload {
  @Field(() => Namespace, { nullable: true })
  namespace!: Namespace | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey!: ApiKey | null;

  @Field(() => String, { nullable: true, description: 'The key itself: shown this once, never again.' })
  secret!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class RevokeApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey!: ApiKey | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class RotateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true, description: 'The new key.' })
  apiKey!: ApiKey | null;

  @Field(() => String, { nullable: true, description: 'The new key itself: shown this once, never again.' })
  secret!: string | null;

  @Field(() => ApiKey, {
    nullable: true,
    description: 'The old key, valid until the end of the grace period.',
  })
  previousKey!: ApiKey | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class RecordInstallPayload {
  @Field(() => Int, { nullable: true, description: "The server's install count after this one." })
  installCount!: number | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
