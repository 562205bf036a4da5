import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Filters of auditLog, combined with AND.' })
export class AuditFilter {
  @Field(() => [String], { nullable: true, description: 'Any of these event types.' })
  types?: string[] | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  actor?: string | null;

  @Field(() => Date, { nullable: true, description: 'occurredAt at or after this time.' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'occurredAt before this time.' })
  until?: Date | null;
}
