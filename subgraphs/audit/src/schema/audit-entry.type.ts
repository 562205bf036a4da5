import { Field, ID, Int, ObjectType } from 'type-graphql';
import { JSONScalar, PageInfo } from '@mcpr/platform';

@ObjectType({
  description:
    'One entry of the tamper-evident audit log. Its leaf hash is SHA-256(0x00 ‖ RFC 8785 JSON of ' +
    '{index, id, type, source, occurredAt, actor, subject, data}), so it can be recomputed from these fields.',
})
export class AuditEntry {
  @Field(() => Int, { description: 'Position in the log: 0-based, gapless.' })
  index!: number;

  @Field(() => ID, {
    description: 'The event id (or, for an aggregated window, the id given to the window).',
  })
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

  @Field(() => String, { description: 'Lowercase hex SHA-256 leaf hash.' })
  leafHash!: string;

  @Field(() => JSONScalar, {
    description:
      'The event data. Aggregated security events (auth.failed, ratelimit.exceeded) carry ' +
      '{aggregated, window, count, firstEventId, firstOccurredAt, lastOccurredAt, sample}.',
  })
  data!: Record<string, unknown>;
}

@ObjectType()
export class AuditEntryEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => AuditEntry)
  node!: AuditEntry;
}

@ObjectType({ description: 'Audit entries in log order (ascending index).' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge])
  edges!: AuditEntryEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
