/**
 * Revocation takes effect within 2 seconds (contract), even for a key the gateway has just verified and
 * cached; rotation hands out a working new key while the old one keeps working for its grace period.
 */
import {
  createKey,
  createNamespace,
  eventually,
  expectData,
  minimalManifest,
  PublishServerDocument,
  refusal,
  RevokeApiKeyDocument,
  RotateApiKeyDocument,
  startTestStack,
  ViewerDocument,
  type GatewayClient,
  type TestStack,
} from '../src';

/** The contract's bound (2 s), plus room for the polling request itself. */
const REVOCATION_DEADLINE_MS = 2_500;

describe('revocation and rotation', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await createNamespace(stack.admin, 'io.github.acme', 'acme');
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  const publisherKey = () =>
    createKey(stack.admin, {
      account: 'acme',
      scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
      namespaces: ['io.github.acme/*'],
    });

  const viewer = async (client: GatewayClient) => expectData(await client.execute(ViewerDocument)).viewer;

  /** Polls until the key is refused; fails if it still works `REVOCATION_DEADLINE_MS` after `since`. */
  async function expectRefusedWithinDeadline(client: GatewayClient, since: number): Promise<void> {
    await eventually(
      async () => expect(refusal(await client.execute(ViewerDocument))).toBe('UNAUTHENTICATED'),
      Math.max(0, since + REVOCATION_DEADLINE_MS - Date.now()),
      25,
    );
  }

  it('refuses a revoked key within 2 seconds, even one verified a moment before', async () => {
    // One key revoked by the admin, one that revokes itself; both used (so cached by the gateway) first.
    const [key, selfRevoking] = await Promise.all([publisherKey(), publisherKey()]);
    expect((await viewer(key.client)).keyId).toBe(key.id);
    expect((await viewer(selfRevoking.client)).keyId).toBe(selfRevoking.id);
    const { publishServer } = expectData(
      await key.client.execute(PublishServerDocument, {
        input: { manifest: minimalManifest('io.github.acme/a') },
      }),
    );
    expect(publishServer.userErrors).toEqual([]);

    const { revokeApiKey } = expectData(await stack.admin.execute(RevokeApiKeyDocument, { id: key.id }));
    const revokedAt = Date.now();
    expect(revokeApiKey).toEqual({ apiKey: { id: key.id, revokedAt: expect.any(String) }, userErrors: [] });
    const self = expectData(
      await selfRevoking.client.execute(RevokeApiKeyDocument, { id: selfRevoking.id }),
    ).revokeApiKey;
    const selfRevokedAt = Date.now();
    expect(self.userErrors).toEqual([]);

    await Promise.all([
      expectRefusedWithinDeadline(key.client, revokedAt),
      expectRefusedWithinDeadline(selfRevoking.client, selfRevokedAt),
    ]);
    // And it stays refused, for mutations too.
    const again = await key.client.execute(PublishServerDocument, {
      input: { manifest: minimalManifest('io.github.acme/b') },
    });
    expect(refusal(again)).toBe('UNAUTHENTICATED');
    // Revoking twice is a no-op.
    expect(
      expectData(await stack.admin.execute(RevokeApiKeyDocument, { id: key.id })).revokeApiKey.userErrors,
    ).toEqual([]);
  });

  it('rotates a key: the new secret works at once, the old one keeps working during the grace period', async () => {
    // Never used before the rotation, so the gateway has no cached verdict for it: whatever the old key
    // gets afterwards is the registry's answer.
    const old = await publisherKey();
    const { rotateApiKey } = expectData(
      await stack.admin.execute(RotateApiKeyDocument, { id: old.id, gracePeriodHours: 1 }),
    );
    expect(rotateApiKey.userErrors).toEqual([]);
    expect(rotateApiKey.secret).toMatch(/^mcpr_[0-9A-Za-z]{36}$/);
    expect(rotateApiKey.secret).not.toBe(old.secret);
    expect(rotateApiKey.apiKey).toMatchObject({
      scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
      namespaces: ['io.github.acme/*'],
    });
    expect(rotateApiKey.previousKey?.id).toBe(old.id);
    const graceEnd = Date.parse(rotateApiKey.previousKey!.expiresAt!);
    expect(graceEnd).toBeGreaterThan(Date.now());
    expect(graceEnd).toBeLessThanOrEqual(Date.now() + 3_600_000);

    const fresh = stack.anonymous.as(rotateApiKey.secret!);
    expect(await viewer(fresh)).toMatchObject({ keyId: rotateApiKey.apiKey!.id, handle: 'acme' });
    const viaNew = expectData(
      await fresh.execute(PublishServerDocument, {
        input: { manifest: minimalManifest('io.github.acme/new-key') },
      }),
    ).publishServer;
    expect(viaNew.userErrors).toEqual([]);

    expect(await viewer(old.client)).toMatchObject({
      keyId: old.id,
      expiresAt: rotateApiKey.previousKey!.expiresAt,
    });
    const viaOld = expectData(
      await old.client.execute(PublishServerDocument, {
        input: { manifest: minimalManifest('io.github.acme/old-key') },
      }),
    ).publishServer;
    expect(viaOld.userErrors).toEqual([]);
  });

  it('lets a key rotate itself', async () => {
    const key = await publisherKey();
    expect((await viewer(key.client)).keyId).toBe(key.id);
    const { rotateApiKey } = expectData(await key.client.execute(RotateApiKeyDocument, { id: key.id }));
    expect(rotateApiKey.userErrors).toEqual([]);
    expect(await viewer(stack.anonymous.as(rotateApiKey.secret!))).toMatchObject({ handle: 'acme' });
    // Default grace period: 24 hours.
    const graceEnd = Date.parse(rotateApiKey.previousKey!.expiresAt!);
    expect(graceEnd).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect((await viewer(key.client)).keyId).toBe(key.id);
  });

  it('does not rotate a revoked key, nor a broader key of the account from a narrower one', async () => {
    const revoked = await publisherKey();
    expect(
      expectData(await stack.admin.execute(RevokeApiKeyDocument, { id: revoked.id })).revokeApiKey.userErrors,
    ).toEqual([]);
    const { rotateApiKey } = expectData(await stack.admin.execute(RotateApiKeyDocument, { id: revoked.id }));
    expect(rotateApiKey.secret).toBeNull();
    expect(rotateApiKey.userErrors).toEqual([
      { code: 'BAD_USER_INPUT', message: expect.any(String), path: ['id'] },
    ]);

    const broad = await publisherKey();
    const narrow = await createKey(stack.admin, {
      account: 'acme',
      scopes: ['SERVERS_PUBLISH'],
      namespaces: ['io.github.acme/one'],
    });
    expect(refusal(await narrow.client.execute(RotateApiKeyDocument, { id: broad.id }))).toBe('FORBIDDEN');
  });
});
