import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Severity, TrustTier } from '@mcpr/platform';

export enum ScanStatus {
  PENDING = 'PENDING',
  PASSED = 'PASSED',
  WARNED = 'WARNED',
  FAILED = 'FAILED',
}
registerEnumType(ScanStatus, {
  name: 'ScanStatus',
  description: 'FAILED on any HIGH/CRITICAL finding, WARNED on MEDIUM, else PASSED; PENDING until stored.',
});

@ObjectType({ description: "A server's trust tier and the reasons for it." })
export class Trust {
  @Field(() => TrustTier)
  tier!: TrustTier;

  @Field(() => Int, { description: '0–100.' })
  score!: number;

  @Field(() => [String])
  reasons!: string[];
}

@ObjectType({ description: 'One finding of the security scanner.' })
export class Finding {
  @Field(() => String)
  ruleId!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => String)
  message!: string;

  @Field(() => [String], { description: 'JSON path of what was flagged, from the manifest root.' })
  path!: string[];
}

@ObjectType({ description: 'The publish-time security scan of a version.' })
export class ScanReport {
  @Field(() => ScanStatus)
  status!: ScanStatus;

  @Field(() => Int, { nullable: true, description: '0–100; null while pending.' })
  score?: number | null;

  @Field(() => [Finding])
  findings!: Finding[];
}
