import { Field, InputType, ObjectType } from 'type-graphql';
import { Severity, TrustTier } from '@mcpr/platform';
import { VetDecision } from './enums';

@InputType({ description: "An organisation's policy for `vet`; every part is optional." })
export class VetPolicyInput {
  @Field(() => TrustTier, { nullable: true })
  minTier?: TrustTier | null;

  @Field(() => Severity, { nullable: true, description: 'Findings above this severity deny.' })
  maxFindingSeverity?: Severity | null;

  @Field(() => [String], { nullable: true, description: 'Permission kinds (`EXECUTE`, `NETWORK`, ...).' })
  forbidPermissions?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Deny unless the manifest carries a VALID publisher signature.',
  })
  requireSignature?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'Namespace patterns such as `io.github.acme/*`.' })
  allowNamespaces?: string[] | null;
}

@ObjectType({ description: 'Why `vet` denies.' })
export class VetReason {
  @Field(() => String, {
    description:
      'NOT_FOUND, ADVISORY, VERSION_DELETED, TIER_BELOW_MINIMUM, FINDING_ABOVE_SEVERITY, FORBIDDEN_PERMISSION, SIGNATURE_MISSING, SIGNATURE_INVALID or NAMESPACE_NOT_ALLOWED.',
  })
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'A policy decision on one version of a server.' })
export class VetResult {
  @Field(() => VetDecision)
  decision!: VetDecision;

  @Field(() => [VetReason], { description: 'Every reason of a DENY; empty for ALLOW.' })
  reasons!: VetReason[];

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'The version decided on; null when not found.' })
  version!: string | null;

  @Field(() => TrustTier, { nullable: true, description: 'The tier with this version as the latest.' })
  tier!: TrustTier | null;
}
