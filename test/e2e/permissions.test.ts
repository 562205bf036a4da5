/**
 * "Who may call what" (contract README) for every landed operation, through the gateway: authentication,
 * scopes, namespace coverage, admin-only operations, key creation limits, public reads, the order of
 * checks, and error codes on every GraphQL error.
 */
import { request } from 'undici';
import {
  AuditCheckpointDocument,
  AuditConsistencyProofDocument,
  AuditInclusionProofDocument,
  AuditLogDocument,
  CreateApiKeyDocument,
  CreateNamespaceDocument,
  createKey,
  createNamespace,
  eventually,
  expectData,
  ListServersDocument,
  minimalManifest,
  PublishServerDocument,
  RecordInstallDocument,
  refusal,
  RevokeApiKeyDocument,
  RotateApiKeyDocument,
  ServerDetailDocument,
  ServerVersionDocument,
  SetVersionStatusDocument,
  startTestStack,
  unissuedApiKey,
  ViewerDocument,
  withBadChecksum,
  type GatewayClient,
  type GraphQLResponse,
  type IssuedKey,
  type Manifest,
  type TestStack,
} from '../src';

describe('who may call what', () => {
  let stack: TestStack;
  /** acme: SERVERS_PUBLISH + SERVERS_MANAGE on io.github.acme/*. */
  let acme: IssuedKey;
  /** acme: SERVERS_PUBLISH only. */
  let acmePublishOnly: IssuedKey;
  /** acme: SERVERS_MANAGE only. */
  let acmeManageOnly: IssuedKey;
  /** acme: both scopes, but only on io.github.acme/only-this. */
  let acmeNarrow: IssuedKey;
  /** account auditor: AUDIT_READ. */
  let auditor: IssuedKey;

  beforeAll(async () => {
    stack = await startTestStack();
    await createNamespace(stack.admin, 'io.github.acme', 'acme');
    const acmeKey = (scopes: ('SERVERS_PUBLISH' | 'SERVERS_MANAGE')[], namespaces: string[]) =>
      createKey(stack.admin, { account: 'acme', scopes, namespaces });
    [acme, acmePublishOnly, acmeManageOnly, acmeNarrow, auditor] = await Promise.all([
      acmeKey(['SERVERS_PUBLISH', 'SERVERS_MANAGE'], ['io.github.acme/*']),
      acmeKey(['SERVERS_PUBLISH'], ['io.github.acme/*']),
      acmeKey(['SERVERS_MANAGE'], ['io.github.acme/*']),
      acmeKey(['SERVERS_PUBLISH', 'SERVERS_MANAGE'], ['io.github.acme/only-this']),
      createKey(stack.admin, { account: 'auditor', scopes: ['AUDIT_READ'] }),
    ]);
    await publishOk(acme.client, minimalManifest('io.github.acme/public', '1.0.0'));
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  const publish = (client: GatewayClient, manifest: unknown) =>
    client.execute(PublishServerDocument, { input: { manifest } });

  async function publishOk(client: GatewayClient, manifest: Manifest) {
    const { publishServer } = expectData(await publish(client, manifest));
    expect(publishServer.userErrors).toEqual([]);
    return publishServer.version!;
  }

  const serverExists = async (name: string) =>
    expectData(await stack.anonymous.execute(ServerDetailDocument, { name })).server !== null;

  describe('authentication', () => {
    it('refuses every scoped operation to anonymous callers with UNAUTHENTICATED', async () => {
      const anonymous = stack.anonymous;
      const responses: [string, GraphQLResponse<unknown>][] = [
        ['publishServer', await publish(anonymous, minimalManifest('io.github.acme/anon'))],
        [
          'setVersionStatus',
          await anonymous.execute(SetVersionStatusDocument, {
            input: { name: 'io.github.acme/public', version: '1.0.0', status: 'DELETED' },
          }),
        ],
        [
          'createNamespace',
          await anonymous.execute(CreateNamespaceDocument, {
            input: { name: 'io.github.anon', owner: 'anon' },
          }),
        ],
        [
          'createApiKey',
          await anonymous.execute(CreateApiKeyDocument, {
            input: { name: 'mine', scopes: ['SERVERS_PUBLISH'] },
          }),
        ],
        ['revokeApiKey', await anonymous.execute(RevokeApiKeyDocument, { id: acme.id })],
        ['auditLog', await anonymous.execute(AuditLogDocument, {})],
        ['viewer', await anonymous.execute(ViewerDocument)],
      ];
      for (const [operation, response] of responses) {
        expect([operation, refusal(response)]).toEqual([operation, 'UNAUTHENTICATED']);
      }
      expect(await serverExists('io.github.acme/anon')).toBe(false);
      expect(
        expectData(
          await stack.anonymous.execute(ServerVersionDocument, {
            name: 'io.github.acme/public',
            version: '1.0.0',
          }),
        ).serverVersion?.status,
      ).toBe('ACTIVE');
      // The acme key still works: nothing was revoked.
      expect(expectData(await acme.client.execute(ViewerDocument)).viewer.handle).toBe('acme');
    });

    it('refuses malformed, unknown, revoked and expired keys with UNAUTHENTICATED, even on public reads', async () => {
      const revoked = await createKey(stack.admin, {
        account: 'acme',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.acme/*'],
      });
      const { revokeApiKey } = expectData(
        await stack.admin.execute(RevokeApiKeyDocument, { id: revoked.id }),
      );
      expect(revokeApiKey.userErrors).toEqual([]);
      expect(revokeApiKey.apiKey?.revokedAt).toEqual(expect.any(String));

      // A rotation with no grace period ends the old key's validity at once: an expired key.
      const expiring = await createKey(stack.admin, {
        account: 'acme',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.acme/*'],
      });
      const { rotateApiKey } = expectData(
        await stack.admin.execute(RotateApiKeyDocument, { id: expiring.id, gracePeriodHours: 0 }),
      );
      expect(rotateApiKey.userErrors).toEqual([]);

      const badKeys: [string, Record<string, string>][] = [
        ['malformed', { authorization: 'Bearer mcpr_not-a-key' }],
        ['bad checksum', { authorization: `Bearer ${withBadChecksum(acme.secret)}` }],
        ['not a bearer token', { authorization: `Basic ${Buffer.from('acme:secret').toString('base64')}` }],
        ['empty bearer', { authorization: 'Bearer ' }],
        ['unknown', { authorization: `Bearer ${unissuedApiKey()}` }],
        ['revoked', { authorization: `Bearer ${revoked.secret}` }],
        ['expired', { authorization: `Bearer ${expiring.secret}` }],
      ];
      const installsBefore = expectData(
        await stack.anonymous.execute(ServerDetailDocument, { name: 'io.github.acme/public' }),
      ).server?.installCount;
      for (const [kind, headers] of badKeys) {
        const query = { query: 'query { server(name: "io.github.acme/public") { name } }' };
        const read = await stack.anonymous.raw<unknown>(query, headers);
        expect([kind, refusal(read), [200, 401].includes(read.status)]).toEqual([
          kind,
          'UNAUTHENTICATED',
          true,
        ]);
        expect(read.data ?? null).toBeNull();
        const install = await stack.anonymous.raw<unknown>(
          { query: 'mutation { recordInstall(input: { name: "io.github.acme/public" }) { installCount } }' },
          headers,
        );
        expect([kind, refusal(install)]).toEqual([kind, 'UNAUTHENTICATED']);
        const listed = await stack.anonymous.raw<unknown>(
          { query: '{ servers(first: 1) { totalCount } }' },
          headers,
        );
        expect([kind, refusal(listed)]).toEqual([kind, 'UNAUTHENTICATED']);
      }
      // None of the refused installs counted.
      expect(
        expectData(await stack.anonymous.execute(ServerDetailDocument, { name: 'io.github.acme/public' }))
          .server?.installCount,
      ).toBe(installsBefore);
      // The new key from the rotation works.
      expect(
        expectData(await stack.anonymous.as(rotateApiKey.secret!).execute(ViewerDocument)).viewer.handle,
      ).toBe('acme');
    });
  });

  describe('publishServer', () => {
    it('needs scope SERVERS_PUBLISH', async () => {
      expect(refusal(await publish(acmeManageOnly.client, minimalManifest('io.github.acme/no-scope')))).toBe(
        'FORBIDDEN',
      );
      expect(refusal(await publish(auditor.client, minimalManifest('io.github.acme/no-scope')))).toBe(
        'FORBIDDEN',
      );
      expect(await serverExists('io.github.acme/no-scope')).toBe(false);
    });

    it('needs a key whose patterns cover the name, even when the namespace does not exist', async () => {
      // Another existing namespace, a missing one, and a name outside a narrow key's single pattern.
      await createNamespace(stack.admin, 'io.github.other', 'other');
      const attempts: [IssuedKey, string][] = [
        [acme, 'io.github.other/tool'],
        [acme, 'io.github.nowhere/tool'],
        [acmeNarrow, 'io.github.acme/not-this'],
        [acmeNarrow, 'io.github.nowhere/only-this'],
      ];
      for (const [key, name] of attempts) {
        expect([name, refusal(await publish(key.client, minimalManifest(name)))]).toEqual([
          name,
          'FORBIDDEN',
        ]);
        expect(await serverExists(name)).toBe(false);
      }
      await publishOk(acmeNarrow.client, minimalManifest('io.github.acme/only-this'));
    });

    it('creates a missing namespace only for a key covering all of it (registry decision)', async () => {
      const partial = await createKey(stack.admin, {
        account: 'dora',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.dora/one'],
      });
      expect(refusal(await publish(partial.client, minimalManifest('io.github.dora/one')))).toBe('FORBIDDEN');
      const whole = await createKey(stack.admin, {
        account: 'dora',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.dora/*'],
      });
      const version = await publishOk(whole.client, minimalManifest('io.github.dora/one'));
      expect(version.server.namespace.name).toBe('io.github.dora');
      // Once the namespace exists, coverage is the rule: the partial key may publish its one name.
      await publishOk(partial.client, minimalManifest('io.github.dora/one', '1.0.1'));
    });

    it('lets a key without patterns publish in the namespaces its account owns, evaluated at use', async () => {
      // Both keys exist before carol owns anything; only the first is used before the namespace exists
      // (the gateway may cache that verification for up to 2 s, so the second one shows the change).
      const [before, after] = await Promise.all([
        createKey(stack.admin, { account: 'carol', scopes: ['SERVERS_PUBLISH'] }),
        createKey(stack.admin, { account: 'carol', scopes: ['SERVERS_PUBLISH'] }),
      ]);
      expect(refusal(await publish(before.client, minimalManifest('io.github.carol/tool')))).toBe(
        'FORBIDDEN',
      );
      await createNamespace(stack.admin, 'io.github.carol', 'carol');
      expect(expectData(await after.client.execute(ViewerDocument)).viewer.namespaces).toEqual([
        'io.github.carol/*',
      ]);
      await publishOk(after.client, minimalManifest('io.github.carol/tool'));
      expect(refusal(await publish(after.client, minimalManifest('io.github.acme/carol-was-here')))).toBe(
        'FORBIDDEN',
      );
    });

    it('checks authentication, then scope and coverage, then validation', async () => {
      const invalid = {
        name: 'io.github.other/broken',
        version: 'latest',
        websiteUrl: 'http://x.example.com',
      };
      const invalidCovered = { ...invalid, name: 'io.github.acme/broken' };
      expect(refusal(await publish(stack.anonymous, invalidCovered))).toBe('UNAUTHENTICATED');
      expect(refusal(await publish(stack.anonymous.as(unissuedApiKey()), invalidCovered))).toBe(
        'UNAUTHENTICATED',
      );
      expect(refusal(await publish(acmeManageOnly.client, invalidCovered))).toBe('FORBIDDEN');
      expect(refusal(await publish(acme.client, invalid))).toBe('FORBIDDEN');
      expect(refusal(await publish(acmeNarrow.client, invalidCovered))).toBe('FORBIDDEN');
      // Only a key allowed to publish the name learns what is wrong with the manifest.
      const { publishServer } = expectData(await publish(acme.client, invalidCovered));
      expect(publishServer.version).toBeNull();
      expect(publishServer.userErrors.map((error) => [error.code, error.path])).toEqual([
        ['BAD_USER_INPUT', ['manifest', 'description']],
        ['BAD_USER_INPUT', ['manifest', 'version']],
        ['BAD_USER_INPUT', ['manifest', 'websiteUrl']],
      ]);
    });
  });

  describe('setVersionStatus', () => {
    const name = 'io.github.acme/managed';
    const setStatus = (
      client: GatewayClient,
      status: 'ACTIVE' | 'DEPRECATED' | 'DELETED',
      version = '1.0.0',
    ) => client.execute(SetVersionStatusDocument, { input: { name, version, status } });

    beforeAll(async () => {
      await publishOk(acme.client, minimalManifest(name, '1.0.0'));
    });

    it('needs scope SERVERS_MANAGE inside the key’s coverage', async () => {
      expect(refusal(await setStatus(acmePublishOnly.client, 'DEPRECATED'))).toBe('FORBIDDEN');
      expect(refusal(await setStatus(acmeNarrow.client, 'DEPRECATED'))).toBe('FORBIDDEN');
      expect(refusal(await setStatus(auditor.client, 'DEPRECATED'))).toBe('FORBIDDEN');
      // Coverage comes before existence: an uncovered unknown name is FORBIDDEN, not NOT_FOUND.
      expect(
        refusal(
          await acmeManageOnly.client.execute(SetVersionStatusDocument, {
            input: { name: 'io.github.other/ghost', version: '1.0.0', status: 'DELETED' },
          }),
        ),
      ).toBe('FORBIDDEN');
      const serverVersion = async () =>
        expectData(await stack.anonymous.execute(ServerVersionDocument, { name, version: '1.0.0' }))
          .serverVersion;
      expect((await serverVersion())?.status).toBe('ACTIVE');

      const { setVersionStatus } = expectData(await setStatus(acmeManageOnly.client, 'DEPRECATED'));
      expect(setVersionStatus.userErrors).toEqual([]);
      expect(setVersionStatus.version?.status).toBe('DEPRECATED');
    });

    it('lets only an ADMIN restore a deleted version (registry decision)', async () => {
      expect(
        expectData(await setStatus(acmeManageOnly.client, 'DELETED')).setVersionStatus.userErrors,
      ).toEqual([]);
      expect(refusal(await setStatus(acmeManageOnly.client, 'ACTIVE'))).toBe('FORBIDDEN');
      expect(refusal(await setStatus(acme.client, 'DEPRECATED'))).toBe('FORBIDDEN');
      const restored = expectData(await setStatus(stack.admin, 'ACTIVE')).setVersionStatus;
      expect(restored.userErrors).toEqual([]);
      expect(restored.version).toMatchObject({ status: 'ACTIVE', isLatest: true });
    });
  });

  describe('createNamespace', () => {
    it('is for ADMIN only', async () => {
      for (const key of [acme, auditor]) {
        const response = await key.client.execute(CreateNamespaceDocument, {
          input: { name: 'io.github.grab', owner: 'acme' },
        });
        expect(refusal(response)).toBe('FORBIDDEN');
      }
      const created = expectData(
        await stack.admin.execute(CreateNamespaceDocument, {
          input: { name: 'io.github.grab', owner: 'brand-new' },
        }),
      ).createNamespace;
      expect(created.userErrors).toEqual([]);
      expect(created.namespace?.name).toBe('io.github.grab');
      const again = expectData(
        await stack.admin.execute(CreateNamespaceDocument, {
          input: { name: 'io.github.grab', owner: 'acme' },
        }),
      ).createNamespace;
      expect(again.namespace).toBeNull();
      expect(again.userErrors).toEqual([{ code: 'CONFLICT', message: expect.any(String), path: ['name'] }]);
    });
  });

  describe('createApiKey', () => {
    const create = (client: GatewayClient, input: Parameters<typeof createKey>[1]) =>
      client.execute(CreateApiKeyDocument, { input: { name: 'child', ...input } });

    it('refuses a non-admin key another account, more scopes or more namespaces', async () => {
      const refused: Parameters<typeof createKey>[1][] = [
        { account: 'auditor', scopes: ['SERVERS_PUBLISH'], namespaces: ['io.github.acme/*'] },
        { scopes: ['SERVERS_PUBLISH', 'AUDIT_READ'], namespaces: ['io.github.acme/*'] },
        { scopes: ['ADMIN'] },
        { scopes: ['SERVERS_PUBLISH'], namespaces: ['io.github.other/*'] },
        { scopes: ['SERVERS_PUBLISH'], namespaces: ['*'] },
        { scopes: ['SERVERS_PUBLISH'], namespaces: ['io.github.acme/*', 'io.github.acme2/*'] },
      ];
      for (const input of refused) {
        expect([input, refusal(await create(acme.client, input))]).toEqual([input, 'FORBIDDEN']);
      }
      // A narrow key cannot widen itself to its namespace.
      expect(
        refusal(
          await create(acmeNarrow.client, { scopes: ['SERVERS_PUBLISH'], namespaces: ['io.github.acme/*'] }),
        ),
      ).toBe('FORBIDDEN');
      // Nor can a key without SERVERS_* grant them.
      expect(refusal(await create(auditor.client, { scopes: ['SERVERS_PUBLISH'] }))).toBe('FORBIDDEN');
    });

    it('lets a non-admin key create a narrower key for its own account', async () => {
      const child = await createKey(acme.client, {
        account: 'acme',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.acme/child'],
      });
      expect(expectData(await child.client.execute(ViewerDocument)).viewer).toMatchObject({
        handle: 'acme',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.acme/child'],
      });
      await publishOk(child.client, minimalManifest('io.github.acme/child'));
      expect(refusal(await publish(child.client, minimalManifest('io.github.acme/sibling')))).toBe(
        'FORBIDDEN',
      );

      // Without `namespaces` the new key inherits the creator's explicit patterns, not the account's.
      const inherited = await createKey(acmeNarrow.client, { scopes: ['SERVERS_MANAGE'] });
      expect(expectData(await inherited.client.execute(ViewerDocument)).viewer.namespaces).toEqual([
        'io.github.acme/only-this',
      ]);
    });

    it('caps a non-admin child key’s expiry at its creator’s', async () => {
      const shortLived = await createKey(stack.admin, {
        account: 'acme',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.acme/*'],
        expiresInDays: 1,
      });
      const parent = expectData(await shortLived.client.execute(ViewerDocument)).viewer;
      const { createApiKey } = expectData(await create(shortLived.client, { scopes: ['SERVERS_PUBLISH'] }));
      expect(createApiKey.userErrors).toEqual([]);
      expect(createApiKey.apiKey?.expiresAt).toBe(parent.expiresAt);
    });

    it('lets an ADMIN create a key for an unknown account, creating the account', async () => {
      const newcomer = await createKey(stack.admin, { account: 'newcomer', scopes: ['AUDIT_READ'] });
      expect(expectData(await newcomer.client.execute(ViewerDocument)).viewer).toMatchObject({
        handle: 'newcomer',
        scopes: ['AUDIT_READ'],
      });
    });
  });

  describe('revokeApiKey', () => {
    it('revokes keys of the caller’s account; another account’s key is NOT_FOUND', async () => {
      const spare = await createKey(stack.admin, {
        account: 'acme',
        scopes: ['SERVERS_PUBLISH'],
        namespaces: ['io.github.acme/*'],
      });
      const foreign = expectData(
        await acme.client.execute(RevokeApiKeyDocument, { id: auditor.id }),
      ).revokeApiKey;
      expect(foreign).toEqual({
        apiKey: null,
        userErrors: [{ code: 'NOT_FOUND', message: expect.any(String), path: ['id'] }],
      });
      expect(expectData(await auditor.client.execute(ViewerDocument)).viewer.handle).toBe('auditor');
      const own = expectData(await acme.client.execute(RevokeApiKeyDocument, { id: spare.id })).revokeApiKey;
      expect(own.userErrors).toEqual([]);
      expect(own.apiKey).toEqual({ id: spare.id, revokedAt: expect.any(String) });
    });
  });

  describe('auditLog', () => {
    it('needs AUDIT_READ', async () => {
      expect(refusal(await acme.client.execute(AuditLogDocument, {}))).toBe('FORBIDDEN');
      expect(refusal(await acmePublishOnly.client.execute(AuditLogDocument, { first: 1 }))).toBe('FORBIDDEN');
      const log = expectData(await auditor.client.execute(AuditLogDocument, { first: 5 })).auditLog;
      expect(log.edges.length).toBeGreaterThan(0);
      expect(log.edges[0]?.node.index).toBe(0);
    });
  });

  describe('public reads', () => {
    it('serve server, servers, serverVersion, recordInstall, the checkpoint and proofs without a key', async () => {
      const anonymous = stack.anonymous;
      expect(
        expectData(await anonymous.execute(ServerDetailDocument, { name: 'io.github.acme/public' })).server
          ?.name,
      ).toBe('io.github.acme/public');
      expect(
        expectData(
          await anonymous.execute(ServerVersionDocument, {
            name: 'io.github.acme/public',
            version: 'latest',
          }),
        ).serverVersion?.version,
      ).toBe('1.0.0');
      expect(
        expectData(await anonymous.execute(ListServersDocument, { first: 100 })).servers.totalCount,
      ).toBeGreaterThan(0);
      const install = expectData(
        await anonymous.execute(RecordInstallDocument, {
          input: { name: 'io.github.acme/public', client: 'e2e' },
        }),
      ).recordInstall;
      expect(install.userErrors).toEqual([]);
      expect(install.installCount).toBeGreaterThan(0);

      const checkpoint = await eventually(async () => {
        const current = expectData(await anonymous.execute(AuditCheckpointDocument)).auditCheckpoint;
        expect(current?.treeSize).toBeGreaterThan(1);
        return current!;
      });
      const inclusion = expectData(
        await anonymous.execute(AuditInclusionProofDocument, { index: 0, treeSize: checkpoint.treeSize }),
      ).auditInclusionProof;
      expect(inclusion).toMatchObject({
        index: 0,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
      });
      const consistency = expectData(
        await anonymous.execute(AuditConsistencyProofDocument, { fromSize: 1, toSize: checkpoint.treeSize }),
      ).auditConsistencyProof;
      expect(consistency).toMatchObject({
        fromSize: 1,
        toSize: checkpoint.treeSize,
        toRoot: checkpoint.rootHash,
      });
    });
  });

  describe('error shapes', () => {
    it('gives every GraphQL error an extensions.code, malformed requests included', async () => {
      const cases: [string, unknown, string][] = [
        ['syntax error', { query: '{ server(name: ' }, 'GRAPHQL_PARSE_FAILED'],
        ['unknown field', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
        ['no query', {}, 'BAD_REQUEST'],
        [
          'wrong variable type',
          { query: 'query ($n: String!) { server(name: $n) { name } }', variables: { n: 5 } },
          'BAD_USER_INPUT',
        ],
        [
          'null manifest',
          { query: 'mutation { publishServer(input: { manifest: null }) { version { id } } }' },
          'GRAPHQL_VALIDATION_FAILED',
        ],
      ];
      for (const [kind, body, code] of cases) {
        const response = await acme.client.raw<unknown>(body);
        expect([kind, refusal(response)]).toEqual([kind, code]);
      }
    });

    it('answers a body that is not JSON, or too large, with a JSON error coded BAD_REQUEST and no internals', async () => {
      const bodies: [string, string, number][] = [
        ['not JSON', '{not json', 400],
        [
          'over the body limit',
          JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(2_000_000) } }),
          413,
        ],
      ];
      for (const [kind, body, status] of bodies) {
        const response = await request(`${stack.gatewayUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await response.body.text();
        expect([kind, response.statusCode, response.headers['content-type']]).toEqual([
          kind,
          status,
          expect.stringMatching(/^application\/json/),
        ]);
        expect(text).not.toMatch(/node_modules|at \w+ \(/);
        const json = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
        expect([kind, json.errors?.map((error) => error.extensions?.code)]).toEqual([kind, ['BAD_REQUEST']]);
      }
    });
  });
});
