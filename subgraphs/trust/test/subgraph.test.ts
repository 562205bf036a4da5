import {
  countStatements,
  InProcessEventBus,
  Scope,
  testDialects,
  type BusSubscription,
  type EventEnvelope,
  type Principal,
  type SubgraphServer,
} from '@mcpr/platform';
import { createTrustContext } from '../src/context';
import { subscribeTrustConsumer } from '../src/events/trust-consumer';
import { buildTrustServer } from '../src/server';
import {
  ANON,
  changedTools,
  createSigner,
  installRecorded,
  manifest,
  namespaceCreated,
  newServer,
  nextVersion,
  openTestDb,
  outboxOf,
  poisonedManifest,
  principal,
  publisher,
  reviewer,
  silentLogger,
  TEST_RULES,
  trustAdmin,
  unique,
  versionPublished,
  type PublishedVersion,
  type TestDb,
} from './helpers';

// The trust operations of the client contract (shared/contract/operations.graphql), verbatim.
const VET = /* GraphQL */ `
  query Vet($name: String!, $version: String, $policy: VetPolicyInput!) {
    vet(name: $name, version: $version, policy: $policy) {
      decision
      reasons {
        code
        message
      }
    }
  }
`;
const SUBMIT_REVIEW = /* GraphQL */ `
  mutation SubmitReview($input: SubmitReviewInput!) {
    submitReview(input: $input) {
      review {
        id
        verdict
        reviewer
        createdAt
      }
      trust {
        tier
        score
        reasons
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const PUBLISH_ADVISORY = /* GraphQL */ `
  mutation PublishAdvisory($input: PublishAdvisoryInput!) {
    publishAdvisory(input: $input) {
      advisory {
        id
        severity
        affectedVersions
        summary
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Server {
        id
        name
        trust {
          tier
          score
          reasons
          installs
          evaluatedVersion
        }
      }
      ... on ServerVersion {
        id
        scan {
          versionId
          version
          status
          score
          findings {
            ruleId
            severity
            message
            path
          }
          signatureStatus
          toolsetHash
        }
        toolChanges {
          previousVersion
          added {
            name
          }
          removed {
            name
          }
          changed {
            name
            before
            after
            fields
          }
        }
      }
    }
  }
`;
const RECORD_ATTESTATION = /* GraphQL */ `
  mutation RecordAttestation($input: RecordAttestationInput!) {
    recordAttestation(input: $input) {
      attestation {
        id
        name
        version
        attestor
        evidenceUrl
        recordedBy
      }
      trust {
        tier
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const REGISTER_KEY = /* GraphQL */ `
  mutation RegisterPublisherKey($input: RegisterPublisherKeyInput!) {
    registerPublisherKey(input: $input) {
      publisherKey {
        id
        account
        publicKey
        fingerprint
        revokedAt
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const REVOKE_KEY = /* GraphQL */ `
  mutation RevokePublisherKey($id: ID!) {
    revokePublisherKey(id: $id) {
      publisherKey {
        id
        revokedAt
      }
      userErrors {
        code
        message
        path
      }
    }
  }
`;
const READS = /* GraphQL */ `
  query Reads($name: String!) {
    advisories(name: $name) {
      id
      name
      severity
      affectedVersions
      affects
      summary
      publishedBy
    }
    reviews(name: $name) {
      name
      version
      verdict
      reviewer
      notes
    }
    tierHistory(name: $name) {
      from
      to
      reason
      version
    }
    scanHistory(name: $name, first: 1) {
      totalCount
      edges {
        cursor
        node {
          version
          status
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

type Json = Record<string, any>;

describe.each(testDialects())('trust subgraph on %s', (dialect) => {
  let db: TestDb;
  let server: SubgraphServer;
  let bus: InProcessEventBus;
  let subscription: BusSubscription;

  beforeAll(async () => {
    db = await openTestDb(dialect);
    bus = new InProcessEventBus({ logger: silentLogger, retry: { maxAttempts: 1 } });
    subscription = await subscribeTrustConsumer({
      bus,
      orm: db.orm,
      rules: TEST_RULES,
      logger: silentLogger,
    });
    server = await buildTrustServer({
      orm: db.orm,
      logger: silentLogger,
      gatewayTokenSecret: 's'.repeat(40),
      rules: TEST_RULES,
    });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await subscription.close();
    await bus.close();
    await db.close();
  });

  /** Runs an operation the way a request would: its own context (em fork, loaders, principal). */
  async function run(query: string, variables: Json = {}, who: Principal = ANON) {
    const response = await server.apollo.executeOperation(
      { query, variables },
      {
        contextValue: createTrustContext({
          orm: db.orm,
          principal: who,
          logger: silentLogger,
          rules: TEST_RULES,
        }),
      },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult as {
      data?: Json | null;
      errors?: { message: string; extensions?: Json }[];
    };
  }
  const codes = (result: { errors?: { extensions?: Json }[] }) =>
    result.errors?.map((error) => error.extensions?.code);
  const deliver = (...events: EventEnvelope[]) => bus.publish(events);
  async function published(v: PublishedVersion = newServer('acme')): Promise<PublishedVersion> {
    await deliver(versionPublished(v));
    return v;
  }
  const vet = async (name: string, version: string | null, policy: Json = {}) =>
    (await run(VET, { name, version, policy })).data?.vet;

  describe('_entities', () => {
    const countQueries = (work: () => Promise<void>) => countStatements(db.orm, work);

    it('reads the evaluated version only when asked for it (a search page asks for the tier alone)', async () => {
      const a = await published();
      const b = await published();
      const representations = [a, b].map((v) => ({ __typename: 'Server', name: v.name }));
      const TIERS = /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Server {
              trust {
                tier
              }
            }
          }
        }
      `;
      const tiersOnly = await countQueries(async () => {
        const result = await run(TIERS, { representations });
        expect(result.errors).toBeUndefined();
      });
      expect(tiersOnly).toBe(1);
      let versions: unknown;
      const withVersion = await countQueries(async () => {
        const result = await run(TIERS.replace('tier', 'tier evaluatedVersion'), { representations });
        versions = result.data?._entities;
      });
      expect(withVersion).toBe(2);
      expect(versions).toEqual([
        { trust: { tier: expect.any(String), evaluatedVersion: a.version } },
        { trust: { tier: expect.any(String), evaluatedVersion: b.version } },
      ]);
    });

    it('resolves Server by id and by name, with UNVERIFIED for a server trust has not seen', async () => {
      const v = await published();
      await deliver(installRecorded(v, 4));
      const unseenId = newServer('nobody');
      const result = await run(ENTITIES, {
        representations: [
          { __typename: 'Server', id: v.serverId },
          { __typename: 'Server', name: v.name },
          { __typename: 'Server', id: unseenId.serverId },
          { __typename: 'Server', name: 'io.github.nobody/unseen' },
        ],
      });
      expect(result.errors).toBeUndefined();
      const [byId, byName, unseenById, unseenByName] = result.data?._entities ?? [];
      const expected = {
        id: v.serverId,
        name: v.name,
        trust: {
          tier: 'COMMUNITY_TRUSTED',
          score: 75,
          reasons: [
            'Evaluated on version 1.0.0: scan PASSED (score 100).',
            '4 installs (COMMUNITY_TRUSTED needs 3).',
            'No security review of version 1.0.0 or of an earlier version with the same tools.',
          ],
          installs: 4,
          evaluatedVersion: '1.0.0',
        },
      };
      expect(byId).toEqual(expected);
      expect(byName).toEqual(expected);
      const unseen = {
        tier: 'UNVERIFIED',
        score: 0,
        reasons: ['Not yet evaluated by the trust service.'],
        installs: null,
        evaluatedVersion: null,
      };
      expect(unseenById).toEqual({ id: unseenId.serverId, name: '', trust: unseen });
      expect(unseenByName).toEqual({ id: '', name: 'io.github.nobody/unseen', trust: unseen });
    });

    it('resolves ServerVersion: the stored scan and tool changes, or PENDING', async () => {
      const v1 = await published();
      const v2 = await published(nextVersion(v1, '1.1.0', manifest(v1.name, '1.1.0', changedTools())));
      const result = await run(ENTITIES, {
        representations: [
          { __typename: 'ServerVersion', id: v1.versionId },
          { __typename: 'ServerVersion', id: v2.versionId },
          { __typename: 'ServerVersion', id: 'not-scanned-yet' },
        ],
      });
      expect(result.errors).toBeUndefined();
      const [first, second, pending] = result.data?._entities ?? [];
      expect(first).toMatchObject({
        id: v1.versionId,
        scan: {
          versionId: v1.versionId,
          version: '1.0.0',
          status: 'PASSED',
          score: 100,
          findings: [],
          signatureStatus: 'UNSIGNED',
        },
        toolChanges: null,
      });
      expect(second.scan).toMatchObject({
        status: 'WARNED',
        findings: [{ ruleId: 'rug-pull.tool-changed', severity: 'MEDIUM' }],
      });
      expect(second.toolChanges).toEqual({
        previousVersion: '1.0.0',
        added: [],
        removed: [],
        changed: [
          {
            name: 'get_forecast',
            before: expect.objectContaining({ description: 'Forecast for a city' }),
            after: expect.objectContaining({ description: 'Forecast for a city, up to 7 days' }),
            fields: ['description'],
          },
        ],
      });
      expect(pending).toEqual({
        id: 'not-scanned-yet',
        scan: {
          versionId: 'not-scanned-yet',
          version: null,
          status: 'PENDING',
          score: null,
          findings: [],
          signatureStatus: null,
          toolsetHash: null,
        },
        toolChanges: null,
      });
    });
  });

  describe('vet', () => {
    it('allows a clean latest version and denies with every reason', async () => {
      const v = await published(
        (() => {
          const s = newServer('acme');
          return {
            ...s,
            manifest: manifest(s.name, '1.0.0', undefined, {
              permissions: [{ kind: 'EXECUTE', patterns: ['git'] }],
            }),
          };
        })(),
      );
      expect(await vet(v.name, null)).toEqual({ decision: 'ALLOW', reasons: [] });
      const denied = await vet(v.name, '1.0.0', {
        minTier: 'COMMUNITY_TRUSTED',
        forbidPermissions: ['EXECUTE'],
        requireSignature: true,
        allowNamespaces: ['com.example/*'],
      });
      expect(denied.decision).toBe('DENY');
      expect(denied.reasons.map((reason: Json) => reason.code)).toEqual([
        'TIER_BELOW_MINIMUM',
        'FORBIDDEN_PERMISSION',
        'SIGNATURE_MISSING',
        'NAMESPACE_NOT_ALLOWED',
      ]);
    });

    it('denies findings above the severity of the policy', async () => {
      const s = newServer('acme');
      const v = await published({ ...s, manifest: poisonedManifest(s.name) });
      const result = await vet(v.name, 'latest', { maxFindingSeverity: 'MEDIUM' });
      expect(result.decision).toBe('DENY');
      expect(result.reasons.length).toBeGreaterThanOrEqual(3);
      expect(new Set(result.reasons.map((reason: Json) => reason.code))).toEqual(
        new Set(['FINDING_ABOVE_SEVERITY']),
      );
    });

    it('is a DENY with NOT_FOUND for unknown servers and versions', async () => {
      const v = await published();
      expect(await vet('io.github.acme/none', null)).toEqual({
        decision: 'DENY',
        reasons: [{ code: 'NOT_FOUND', message: 'No server named io.github.acme/none is known to trust.' }],
      });
      expect((await vet(v.name, '9.9.9')).reasons).toEqual([
        {
          code: 'NOT_FOUND',
          message: `${v.name} has no version 9.9.9 known to trust (not published, or its scan is pending).`,
        },
      ]);
    });

    it('denies every version an advisory covers, whatever the policy', async () => {
      const v1 = await published();
      await published(nextVersion(v1, '1.1.0'));
      const advisory = await run(
        PUBLISH_ADVISORY,
        { input: { name: v1.name, affectedVersions: '<1.1.0', severity: 'LOW', summary: 'Verbose logs' } },
        trustAdmin(),
      );
      expect(advisory.data?.publishAdvisory.userErrors).toEqual([]);
      const id = advisory.data?.publishAdvisory.advisory.id;
      expect(await vet(v1.name, '1.0.0')).toEqual({
        decision: 'DENY',
        reasons: [
          {
            code: 'ADVISORY',
            message: `LOW advisory ${id} "Verbose logs" (<1.1.0) affects ${v1.name} 1.0.0.`,
          },
        ],
      });
      expect((await vet(v1.name, null)).decision).toBe('ALLOW');
    });
  });

  describe('reviews', () => {
    it('promotes after two approvals, replaces a reviewer’s earlier verdict, and lists them', async () => {
      const v = await published();
      const submit = (who: string, verdict: string, notes?: string) =>
        run(SUBMIT_REVIEW, { input: { name: v.name, version: '1.0.0', verdict, notes } }, reviewer(who));
      const first = await submit('ann', 'REJECT', 'unsure');
      expect(first.data?.submitReview).toMatchObject({
        review: { verdict: 'REJECT', reviewer: 'ann' },
        trust: { tier: 'UNVERIFIED' },
        userErrors: [],
      });
      const changed = await submit('ann', 'APPROVE', 'checked again');
      expect(changed.data?.submitReview.review.id).toBe(first.data?.submitReview.review.id);
      const second = await submit('bob', 'APPROVE');
      expect(second.data?.submitReview.trust.tier).toBe('SECURITY_AUDITED');
      expect(second.data?.submitReview.trust.reasons).toContain('Approved by ann, bob on version 1.0.0.');

      const reads = (await run(READS, { name: v.name })).data;
      expect(reads?.reviews).toEqual([
        { name: v.name, version: '1.0.0', verdict: 'APPROVE', reviewer: 'bob', notes: null },
        { name: v.name, version: '1.0.0', verdict: 'APPROVE', reviewer: 'ann', notes: 'checked again' },
      ]);
      expect(reads?.tierHistory).toEqual([
        {
          from: 'UNVERIFIED',
          to: 'SECURITY_AUDITED',
          reason: 'Approved by ann, bob on version 1.0.0.',
          version: '1.0.0',
        },
      ]);
      const submitted = await outboxOf(db, 'review.submitted', v.name);
      expect(submitted.map((row) => [row.actor, row.data.verdict, row.data.replaced])).toEqual([
        ['ann', 'REJECT', false],
        ['ann', 'APPROVE', true],
        ['bob', 'APPROVE', false],
      ]);
    });

    it('refuses without a key, without TRUST_REVIEW, and for one’s own server', async () => {
      const v = await published();
      const input = { name: v.name, version: '1.0.0', verdict: 'APPROVE' };
      expect(codes(await run(SUBMIT_REVIEW, { input }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(SUBMIT_REVIEW, { input }, publisher('acme')))).toEqual(['FORBIDDEN']);
      // The publisher (event actor `acme`) holding TRUST_REVIEW still may not review its own server.
      expect(codes(await run(SUBMIT_REVIEW, { input }, reviewer('acme')))).toEqual(['FORBIDDEN']);
      // ADMIN implies TRUST_REVIEW.
      const admin = await run(SUBMIT_REVIEW, { input }, principal('root', [Scope.ADMIN]));
      expect(admin.data?.submitReview.userErrors).toEqual([]);
    });

    it('answers NOT_FOUND and BAD_USER_INPUT as user errors', async () => {
      const v = await published();
      const submit = (input: Json) => run(SUBMIT_REVIEW, { input }, reviewer('ann'));
      expect(
        (await submit({ name: 'io.github.x/none', version: '1', verdict: 'APPROVE' })).data?.submitReview
          .userErrors,
      ).toEqual([
        { code: 'NOT_FOUND', message: 'No server named io.github.x/none is known to trust.', path: ['name'] },
      ]);
      expect(
        (await submit({ name: v.name, version: '2.0.0', verdict: 'APPROVE' })).data?.submitReview.userErrors,
      ).toEqual([expect.objectContaining({ code: 'NOT_FOUND', path: ['version'] })]);
      expect(
        (await submit({ name: v.name, version: '1.0.0', verdict: 'APPROVE', notes: 'x'.repeat(10_001) })).data
          ?.submitReview.userErrors,
      ).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', path: ['notes'] })]);
    });
  });

  describe('advisories', () => {
    it('needs TRUST_ADMIN, validates the range, and demotes on HIGH', async () => {
      const v = await published();
      await deliver(installRecorded(v, 3));
      const input = {
        name: v.name,
        affectedVersions: '>=1.0.0 <1.0.5',
        severity: 'HIGH',
        summary: 'RCE in parser',
      };
      expect(codes(await run(PUBLISH_ADVISORY, { input }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(PUBLISH_ADVISORY, { input }, reviewer('ann')))).toEqual(['FORBIDDEN']);
      const bad = await run(
        PUBLISH_ADVISORY,
        { input: { ...input, affectedVersions: 'soon', summary: ' ' } },
        trustAdmin(),
      );
      expect(bad.data?.publishAdvisory).toEqual({
        advisory: null,
        userErrors: [
          {
            code: 'BAD_USER_INPUT',
            message: expect.stringMatching(/not a semver range/),
            path: ['affectedVersions'],
          },
          { code: 'BAD_USER_INPUT', message: 'summary must not be empty.', path: ['summary'] },
        ],
      });
      const missing = await run(
        PUBLISH_ADVISORY,
        { input: { ...input, name: 'io.github.x/none' } },
        trustAdmin(),
      );
      expect(missing.data?.publishAdvisory.userErrors).toEqual([
        expect.objectContaining({ code: 'NOT_FOUND', path: ['name'] }),
      ]);

      const ok = await run(PUBLISH_ADVISORY, { input }, trustAdmin('secops'));
      expect(ok.data?.publishAdvisory).toEqual({
        advisory: {
          id: expect.any(String),
          severity: 'HIGH',
          affectedVersions: '>=1.0.0 <1.0.5',
          summary: 'RCE in parser',
        },
        userErrors: [],
      });
      const reads = (await run(READS, { name: v.name })).data;
      expect(reads?.advisories).toEqual([
        {
          id: ok.data?.publishAdvisory.advisory.id,
          name: v.name,
          severity: 'HIGH',
          affectedVersions: '>=1.0.0 <1.0.5',
          affects: ['1.0.0'],
          summary: 'RCE in parser',
          publishedBy: 'secops',
        },
      ]);
      expect(reads?.tierHistory.map((change: Json) => change.to)).toEqual([
        'UNVERIFIED',
        'COMMUNITY_TRUSTED',
      ]);
      expect(reads?.tierHistory[0].reason).toBe(
        'Demoted: HIGH advisory "RCE in parser" (>=1.0.0 <1.0.5) affects version 1.0.0.',
      );
      expect(await outboxOf(db, 'advisory.published', v.name)).toHaveLength(1);
    });
  });

  describe('attestations', () => {
    it('certifies a version (TRUST_ADMIN), once per attestor, with an https evidence URL', async () => {
      const v = await published();
      const input = {
        name: v.name,
        version: 'latest',
        attestor: 'ACME Audit',
        evidenceUrl: 'https://audit.example.com/1',
      };
      expect(codes(await run(RECORD_ATTESTATION, { input }, reviewer('ann')))).toEqual(['FORBIDDEN']);
      const bad = await run(
        RECORD_ATTESTATION,
        { input: { ...input, evidenceUrl: 'http://x' } },
        trustAdmin(),
      );
      expect(bad.data?.recordAttestation.userErrors).toEqual([
        expect.objectContaining({ path: ['evidenceUrl'] }),
      ]);
      const ok = await run(RECORD_ATTESTATION, { input }, trustAdmin('secops'));
      expect(ok.data?.recordAttestation).toEqual({
        attestation: {
          id: expect.any(String),
          name: v.name,
          version: '1.0.0',
          attestor: 'ACME Audit',
          evidenceUrl: 'https://audit.example.com/1',
          recordedBy: 'secops',
        },
        trust: { tier: 'CERTIFIED' },
        userErrors: [],
      });
      const again = await run(RECORD_ATTESTATION, { input }, trustAdmin());
      expect(again.data?.recordAttestation.userErrors).toEqual([
        expect.objectContaining({ code: 'CONFLICT', path: ['attestor'] }),
      ]);
      expect(await outboxOf(db, 'attestation.recorded', v.name)).toHaveLength(1);
    });
  });

  describe('publisher keys and signatures', () => {
    it('verifies signatures against registered keys, and follows revocation', async () => {
      const handle = unique('pub');
      const owner = publisher(handle);
      await deliver(namespaceCreated(`io.github.${handle}`, handle));
      const signer = createSigner();
      const registered = await run(REGISTER_KEY, { input: { publicKey: signer.publicKeyBase64 } }, owner);
      const key = registered.data?.registerPublisherKey.publisherKey;
      expect(key).toMatchObject({ account: handle, publicKey: signer.publicKeyBase64, revokedAt: null });

      const s = newServer(handle);
      const signedV = { ...s, manifest: signer.sign(s.manifest, key.id) };
      // Published by another account (a key covering the namespace): the owner's key still vouches.
      await deliver(versionPublished(signedV, { actor: 'ci-bot' }));
      const unknown = nextVersion(s, '1.0.1');
      await deliver(versionPublished({ ...unknown, manifest: signer.sign(unknown.manifest, 'no-such-key') }));
      const tampered = nextVersion(s, '1.0.2');
      const tamperedManifest = signer.sign(tampered.manifest, key.id);
      await deliver(
        versionPublished({ ...tampered, manifest: { ...tamperedManifest, description: 'changed' } }),
      );

      const statuses = async () =>
        (
          await run(ENTITIES, {
            representations: [signedV, unknown, tampered].map((x) => ({
              __typename: 'ServerVersion',
              id: x.versionId,
            })),
          })
        ).data?._entities.map((entity: Json) => entity.scan.signatureStatus);
      expect(await statuses()).toEqual(['VALID', 'UNKNOWN_KEY', 'INVALID']);
      expect((await outboxOf(db, 'scan.completed', s.name)).map((row) => row.data.signatureStatus)).toEqual([
        'VALID',
        'UNKNOWN_KEY',
        'INVALID',
      ]);
      expect((await vet(s.name, '1.0.0', { requireSignature: true })).decision).toBe('ALLOW');

      // Someone else cannot revoke it (NOT_FOUND, like an unknown id); the owner can, twice harmlessly.
      const stranger = await run(REVOKE_KEY, { id: key.id }, publisher('mallory'));
      expect(stranger.data?.revokePublisherKey.userErrors).toEqual([
        expect.objectContaining({ code: 'NOT_FOUND', path: ['id'] }),
      ]);
      const revoked = await run(REVOKE_KEY, { id: key.id }, owner);
      expect(revoked.data?.revokePublisherKey.publisherKey.revokedAt).toEqual(expect.any(String));
      const again = await run(REVOKE_KEY, { id: key.id }, owner);
      expect(again.data?.revokePublisherKey.publisherKey.revokedAt).toBe(
        revoked.data?.revokePublisherKey.publisherKey.revokedAt,
      );
      expect((await statuses())[0]).toBe('REVOKED_KEY');
      expect((await vet(s.name, '1.0.0', { requireSignature: true })).reasons).toEqual([
        expect.objectContaining({ code: 'SIGNATURE_INVALID' }),
      ]);
      expect((await outboxOf(db, 'signature.key_registered', handle)).map((row) => row.data.keyId)).toEqual([
        key.id,
      ]);
      expect(await outboxOf(db, 'signature.key_revoked', handle)).toHaveLength(1);
    });

    it('a key of an account that neither owns the namespace nor published the version is INVALID', async () => {
      const signer = createSigner();
      const mallory = unique('mal');
      const key = (
        await run(REGISTER_KEY, { input: { publicKey: signer.publicKeyBase64 } }, publisher(mallory))
      ).data?.registerPublisherKey.publisherKey;
      const s = newServer('acme');
      await deliver(versionPublished({ ...s, manifest: signer.sign(s.manifest, key.id) }));
      const result = await run(ENTITIES, {
        representations: [{ __typename: 'ServerVersion', id: s.versionId }],
      });
      expect(result.data?._entities[0].scan.signatureStatus).toBe('INVALID');
    });

    it('checks the caller, the key and duplicates', async () => {
      const signer = createSigner();
      const input = { publicKey: signer.publicKeyBase64 };
      expect(codes(await run(REGISTER_KEY, { input }))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(REGISTER_KEY, { input }, reviewer('ann')))).toEqual(['FORBIDDEN']);
      expect(
        codes(await run(REGISTER_KEY, { input: { ...input, account: 'someone-else' } }, publisher('bob'))),
      ).toEqual(['FORBIDDEN']);
      const bad = await run(REGISTER_KEY, { input: { publicKey: 'abc' } }, publisher('bob'));
      expect(bad.data?.registerPublisherKey.userErrors).toEqual([
        expect.objectContaining({ code: 'BAD_USER_INPUT', path: ['publicKey'] }),
      ]);
      const handle = unique('dup');
      expect(
        (await run(REGISTER_KEY, { input }, publisher(handle))).data?.registerPublisherKey.userErrors,
      ).toEqual([]);
      expect(
        (await run(REGISTER_KEY, { input }, publisher(handle))).data?.registerPublisherKey.userErrors,
      ).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
      const forOther = await run(
        REGISTER_KEY,
        { input: { ...input, account: unique('org') } },
        principal('root', [Scope.ADMIN]),
      );
      expect(forOther.data?.registerPublisherKey.userErrors).toEqual([]);
      const listed = await run('query($a: String!) { publisherKeys(account: $a) { id account } }', {
        a: handle,
      });
      expect(listed.data?.publisherKeys).toEqual([{ id: expect.any(String), account: handle }]);
    });
  });

  describe('scanHistory', () => {
    it('pages through the scans, newest version first', async () => {
      const v1 = await published();
      await published(nextVersion(v1, '1.1.0'));
      await published(nextVersion(v1, '1.2.0'));
      const query = /* GraphQL */ `
        query ($name: String!, $after: String) {
          scanHistory(name: $name, first: 2, after: $after) {
            totalCount
            edges {
              cursor
              node {
                version
                status
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `;
      const first = (await run(query, { name: v1.name })).data?.scanHistory;
      expect(first.totalCount).toBe(3);
      expect(first.edges.map((edge: Json) => edge.node.version)).toEqual(['1.2.0', '1.1.0']);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await run(query, { name: v1.name, after: first.pageInfo.endCursor })).data?.scanHistory;
      expect(second.edges.map((edge: Json) => edge.node.version)).toEqual(['1.0.0']);
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect(codes(await run(query, { name: v1.name, after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
      expect((await run(query, { name: 'io.github.x/none' })).data?.scanHistory).toEqual({
        totalCount: 0,
        edges: [],
        pageInfo: { hasNextPage: false, endCursor: null },
      });
    });
  });
});
