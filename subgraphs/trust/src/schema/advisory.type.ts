import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Severity, UserError } from '@mcpr/platform';
import { Trust } from './trust.type';

@ObjectType({ description: 'A security advisory against a range of versions of a server.' })
export class Advisory {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The server name.' })
  name!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => String, { description: 'A semver range; prereleases included.' })
  affectedVersions!: string;

  @Field(() => [String], { description: 'The published versions the range covers.' })
  affects!: string[];

  @Field(() => String)
  summary!: string;

  @Field(() => String, { nullable: true })
  details!: string | null;

  @Field(() => String, { description: 'Account handle of the publisher of the advisory.' })
  publishedBy!: string;

  @Field(() => Date)
  publishedAt!: Date;
}

@InputType()
export class PublishAdvisoryInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'A semver range, e.g. "<1.2.3" or ">=1.0.0 <1.4.2".' })
  affectedVersions!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => String)
  summary!: string;

  @Field(() => String, { nullable: true })
  details?: string | null;
}

@ObjectType()
export class PublishAdvisoryPayload {
  @Field(() => Advisory, { nullable: true })
  advisory!: Advisory | null;

  @Field(() => Trust, { nullable: true, description: "The server's trust after the advisory." })
  trust!: Trust | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
