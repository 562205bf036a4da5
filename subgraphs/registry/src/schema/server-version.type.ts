import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { JSONScalar, VersionStatus } from '@mcpr/platform';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One immutable published version of a server.' })
export class ServerVersion {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  version!: string;

  @Field(() => Boolean, {
    description: 'Semver beats non-semver, else the latest publish; DELETED never is.',
  })
  isLatest!: boolean;

  @Field(() => VersionStatus)
  status!: VersionStatus;

  @Field(() => String, { nullable: true })
  statusMessage!: string | null;

  @Field(() => Date)
  publishedAt!: Date;

  @Field(() => String, { description: 'Account handle of the publisher.' })
  publishedBy!: string;

  @Field(() => String, { description: 'Lowercase hex SHA-256 of the RFC 8785 form of `manifest`.' })
  manifestDigest!: string;

  @Field(() => JSONScalar, { description: 'The stored server.json.' })
  manifest!: Record<string, unknown>;

  /** Resolved by `ServerVersion.server`. */
  serverId!: string;
}
