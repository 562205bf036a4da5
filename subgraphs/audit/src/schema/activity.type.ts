import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { JSONScalar } from '@mcpr/platform';
import { Server } from './entities.type';

@ObjectType({
  description:
    'A platform event as streamed live by Subscription.activity (the bus envelope). Security events ' +
    '(auth.failed, access.denied, ratelimit.exceeded) and other non-public types need AUDIT_READ.',
})
export class ActivityEvent {
  @Field(() => ID, { description: 'The event id (UUIDv7, time-ordered).' })
  id!: string;

  @Field(() => String, { description: 'Event type, e.g. version.published.' })
  type!: string;

  @Field(() => String, { description: 'The service that emitted the event.' })
  source!: string;

  @Field(() => String, { description: 'Server name, namespace, API key id or client network.' })
  subject!: string;

  @Field(() => String, { description: 'Account handle, anonymous or system.' })
  actor!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => JSONScalar, { description: 'The event data (version events carry the manifest).' })
  data!: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  traceId?: string | null;

  @Field(() => Server, {
    nullable: true,
    description:
      'The server the event is about (server, version, install, scan, tier, review, advisory, ' +
      'attestation and signature events), resolved through the supergraph; null for other events.',
  })
  server?: Server | null;
}

@InputType({ description: 'Which events Subscription.activity streams; both conditions must hold.' })
export class ActivityFilter {
  @Field(() => [String], {
    nullable: true,
    description:
      'Event types: exact (version.published), a family (version.*) or * for all. Default: all visible.',
  })
  types?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only events whose subject starts with this (e.g. a namespace such as io.github.acme/).',
  })
  subjectPrefix?: string | null;
}
