import { printSubgraphSdl } from '@mcpr/platform';
import { buildTrustSchema } from '../src/server';

describe('trust subgraph schema', () => {
  it('builds without a database and declares the federation keys and contract fields', async () => {
    const sdl = printSubgraphSdl(await buildTrustSchema());
    expect(sdl).toMatch(/type Server\s+@key\(fields: "id"\)\s+@key\(fields: "name"\)/);
    expect(sdl).toMatch(/type ServerVersion\s+@key\(fields: "id"\)/);
    // Fields trust adds to the registry's entities are nullable (a trust outage gives partial data).
    expect(sdl).toMatch(/\n\s+trust: Trust\n/);
    expect(sdl).toMatch(/\n\s+scan: ScanReport\n/);
    expect(sdl).toMatch(/\n\s+toolChanges: ToolChanges\n/);
    expect(sdl).toMatch(/vet\([^)]*policy: VetPolicyInput![^)]*\): VetResult!/);
    expect(sdl).toContain('submitReview(input: SubmitReviewInput!): SubmitReviewPayload!');
    expect(sdl).toContain('publishAdvisory(input: PublishAdvisoryInput!): PublishAdvisoryPayload!');
    expect(sdl).toContain('recordAttestation(input: RecordAttestationInput!): RecordAttestationPayload!');
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
    expect(sdl).toMatch(/type UserError\s+@shareable/);
  });
});
