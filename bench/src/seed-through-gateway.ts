import { request } from 'undici';

const PUBLISH =
  'mutation($input: PublishServerInput!){ publishServer(input:$input){ userErrors{ code message path } } }';

/** Publishes manifests through the gateway's GraphQL API with a few requests in flight; throws on any refusal. */
export async function publishThroughGateway(
  gatewayUrl: string,
  adminKey: string,
  manifests: readonly Record<string, unknown>[],
  inFlight = 4,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < manifests.length) {
      const manifest = manifests[next++]!;
      const response = await request(`${gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query: PUBLISH, variables: { input: { manifest } } }),
      });
      const body = (await response.body.json()) as {
        errors?: unknown;
        data?: { publishServer: { userErrors: unknown[] } };
      };
      if (body.errors || body.data?.publishServer.userErrors.length) {
        throw new Error(`seeding failed for ${String(manifest.name)}: ${JSON.stringify(body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}
