import { printSubgraphSdl } from '@mcpr/platform';
import { buildRegistrySchema } from '../src/server';

describe('registry subgraph schema', () => {
  it('declares the federation keys and the contract fields', async () => {
    const sdl = printSubgraphSdl(await buildRegistrySchema());
    expect(sdl).toMatch(/type Server\s+@key\(fields: "id"\)\s+@key\(fields: "name"\)/);
    expect(sdl).toMatch(/type ServerVersion\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
    expect(sdl).toMatch(/type UserError\s+@shareable/);
    expect(sdl).toContain('publishServer(input: PublishServerInput!): PublishServerPayload!');
    // Secrets never appear in the schema: only the one-time `secret` of create/rotate payloads.
    expect(sdl).not.toMatch(/keyHash|hash:/i);
  });
});
