import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { domainContext, type TrustContext } from '../context';
import { recordAttestation } from '../domain/attestations';
import { RecordAttestationInput, RecordAttestationPayload } from '../schema/attestation.type';
import { toTrust, toAttestation, toUserErrors } from './mappers';

@Resolver()
export class AttestationResolver {
  @Mutation(() => RecordAttestationPayload, {
    description:
      "Record a third party's attestation of a version; it certifies that version (scope TRUST_ADMIN).",
  })
  async recordAttestation(
    @Arg('input', () => RecordAttestationInput) input: RecordAttestationInput,
    @Ctx() ctx: TrustContext,
  ): Promise<RecordAttestationPayload> {
    const outcome = await recordAttestation(domainContext(ctx), input);
    if (!outcome.ok) return { attestation: null, trust: null, userErrors: toUserErrors(outcome.errors) };
    const { attestation, version, server } = outcome.value;
    return {
      attestation: toAttestation(attestation, server.name, version.version),
      trust: toTrust(server),
      userErrors: [],
    };
  }
}
