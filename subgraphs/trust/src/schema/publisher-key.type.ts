import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '@mcpr/platform';

@ObjectType({ description: "An account's Ed25519 key for signing manifests." })
export class PublisherKey {
  @Field(() => ID, { description: 'The keyId manifests name in `_meta["io.mcpr/signature"]`.' })
  id!: string;

  @Field(() => String, { description: 'Account handle that owns the key.' })
  account!: string;

  @Field(() => String, { description: 'Base64 of the raw 32-byte public key.' })
  publicKey!: string;

  @Field(() => String, { description: 'Lowercase hex SHA-256 of the raw public key.' })
  fingerprint!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@InputType()
export class RegisterPublisherKeyInput {
  @Field(() => String, {
    description: 'Base64 (standard or URL-safe) of the raw 32-byte Ed25519 public key.',
  })
  publicKey!: string;

  @Field(() => String, {
    nullable: true,
    description: "ADMIN only: the account to register for (default: the caller's).",
  })
  account?: string | null;
}

@ObjectType()
export class RegisterPublisherKeyPayload {
  @Field(() => PublisherKey, { nullable: true })
  publisherKey!: PublisherKey | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class RevokePublisherKeyPayload {
  @Field(() => PublisherKey, { nullable: true })
  publisherKey!: PublisherKey | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
