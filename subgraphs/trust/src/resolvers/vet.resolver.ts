import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { TrustContext } from '../context';
import { vet } from '../domain/queries';
import { VetDecision } from '../schema/enums';
import { VetPolicyInput, VetResult } from '../schema/vet.type';
import type { TrustTier } from '@mcpr/platform';

@Resolver()
export class VetResolver {
  @Query(() => VetResult, {
    description:
      'ALLOW or DENY a version (null = the latest) under a policy, with every reason; an advisory covering the version always denies. Public.',
  })
  async vet(
    @Arg('name', () => String) name: string,
    @Arg('version', () => String, { nullable: true }) version: string | null,
    @Arg('policy', () => VetPolicyInput) policy: VetPolicyInput,
    @Ctx() ctx: TrustContext,
  ): Promise<VetResult> {
    const result = await vet(ctx.em, { name, version, policy }, ctx.rules);
    return {
      decision: result.decision as VetDecision,
      reasons: result.reasons.map((reason) => ({ code: reason.code, message: reason.message })),
      name: result.name,
      version: result.version,
      tier: result.tier as TrustTier | null,
    };
  }
}
