import { parse, validate, type GraphQLSchema } from 'graphql';
import {
  ANONYMOUS,
  printSubgraphSdl,
  Scope,
  testDialects,
  type Principal,
  type SubgraphServer,
} from '@mcpr/platform';
import { createAuditContext } from '../src/context';
import { verifyConsistency, verifyInclusion, verifyLogSnapshot } from '../src/domain';
import { buildAuditSchema } from '../src/schema/build-schema';
import { buildAuditServer } from '../src/server';
import { event, keyPrincipal, openTestLog, silentLogger, versionPublished, type TestLog } from './support';

// The audit operations of the client contract (shared/contract/operations.graphql), unchanged.
const CONTRACT = /* GraphQL */ `
  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          index
          type
          subject
          actor
          occurredAt
          leafHash
          data
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  query AuditCheckpoint {
    auditCheckpoint {
      treeSize
      rootHash
      issuedAt
      keyId
      signature
      note
    }
  }
  query AuditInclusionProof($index: Int!, $treeSize: Int!) {
    auditInclusionProof(index: $index, treeSize: $treeSize) {
      index
      treeSize
      leafHash
      rootHash
      hashes
    }
  }
  query AuditConsistencyProof($fromSize: Int!, $toSize: Int!) {
    auditConsistencyProof(fromSize: $fromSize, toSize: $toSize) {
      fromSize
      toSize
      fromRoot
      toRoot
      hashes
    }
  }
`;

const VERSION_TRAIL = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on ServerVersion {
        id
        auditTrail(first: 20) {
          edges {
            node {
              index
              type
              actor
              occurredAt
            }
          }
        }
      }
    }
  }
`;

const SERVER_TRAIL = /* GraphQL */ `
  query ($representations: [_Any!]!, $after: String) {
    _entities(representations: $representations) {
      ... on Server {
        name
        auditTrail(first: 1, after: $after) {
          edges {
            cursor
            node {
              index
              type
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;

interface Result {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe('audit schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAuditSchema();
  });

  it('builds without a database and validates the contract operations', () => {
    expect(validate(schema, parse(CONTRACT))).toEqual([]);
    expect(validate(schema, parse(VERSION_TRAIL))).toEqual([]);
  });

  it('declares the federation keys of ARCHITECTURE §6', () => {
    const sdl = printSubgraphSdl(schema);
    expect(sdl).toMatch(/type ServerVersion\s+@key\(fields: "id"\)\s+\{\s+id: ID!/);
    expect(sdl).toMatch(/type Server\s+@key\(fields: "name"\)\s+\{\s+name: String!/);
    // Nullable, as every field one subgraph adds to another's entity (ARCHITECTURE §6).
    expect(sdl.match(/auditTrail\(after: String, first: Int\): AuditEntryConnection\n/g)).toHaveLength(2);
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
    expect(sdl).toMatch(/auditPublicKey: String!/);
  });
});

describe.each(testDialects())('audit subgraph operations on %s', (dialect) => {
  let t: TestLog;
  let server: SubgraphServer;

  beforeAll(async () => {
    t = await openTestLog(dialect);
    server = await buildAuditServer({ log: t.log, logger: silentLogger, gatewayTokenSecret: 'x'.repeat(32) });
    await server.apollo.start();
    await t.log.ingest([
      versionPublished('io.github.a/one', '1.0.0', { id: '018f0000-0000-7000-8000-000000000001' }),
      versionPublished('io.github.a/one', '1.1.0'),
      event('access.denied', 'key-1', { data: { operationName: 'AuditLog' } }),
      versionPublished('io.github.b/two', '1.0.0'),
    ]);
    await t.log.checkpoint();
  });

  afterAll(async () => {
    await server.stop();
    await t.close();
  });

  async function run(
    query: string,
    variables: Record<string, unknown> = {},
    principal: Principal = ANONYMOUS,
    operationName?: string,
  ) {
    const response = await server.apollo.executeOperation(
      { query, variables, operationName },
      { contextValue: createAuditContext({ log: t.log, principal, logger: silentLogger }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult as Result;
  }

  const auditor = keyPrincipal([Scope.AUDIT_READ]);

  it('AuditLog: entries with recomputable fields, for AUDIT_READ only', async () => {
    const result = await run(
      CONTRACT,
      { filter: { types: ['version.published'] }, first: 2 },
      auditor,
      'AuditLog',
    );
    expect(result.errors).toBeUndefined();
    const page = result.data!.auditLog;
    expect(page.edges.map((edge: any) => edge.node.index)).toEqual([0, 1]);
    expect(page.edges[0].node).toMatchObject({
      type: 'version.published',
      subject: 'io.github.a/one',
      actor: 'alice',
      leafHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      data: expect.objectContaining({ version: '1.0.0' }),
    });
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) });
  });

  it('AuditLog without a key is UNAUTHENTICATED, without AUDIT_READ FORBIDDEN', async () => {
    const query = '{ auditLog { edges { node { index } } } }';
    const anonymous = await run(query);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const publisher = await run(query, {}, keyPrincipal([Scope.SERVERS_PUBLISH]));
    expect(publisher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(publisher.data).toBeNull();
  });

  it('checkpoint, public key and proofs are public and verify', async () => {
    const result = await run(`{
      auditCheckpoint { origin treeSize rootHash issuedAt keyId signature note }
      auditPublicKey
      auditPublicKeys { keyId publicKey validFrom validUntil }
      auditInclusionProof(index: 2, treeSize: 4) { index treeSize leafHash rootHash hashes }
      auditConsistencyProof(fromSize: 3, toSize: 4) { fromSize toSize fromRoot toRoot hashes }
    }`);
    expect(result.errors).toBeUndefined();
    const {
      auditCheckpoint: checkpoint,
      auditInclusionProof: inclusion,
      auditConsistencyProof: consistency,
    } = result.data!;
    expect(checkpoint).toMatchObject({ treeSize: 4, keyId: t.log.keyId, origin: 'test.example/audit' });
    expect(result.data!.auditPublicKey).toBe(t.log.publicKey);
    expect(result.data!.auditPublicKeys).toEqual([
      { keyId: t.log.keyId, publicKey: t.log.publicKey, validFrom: expect.any(String), validUntil: null },
    ]);
    expect(inclusion.rootHash).toBe(checkpoint.rootHash);
    expect(verifyInclusion(inclusion.leafHash, 2, 4, inclusion.hashes, checkpoint.rootHash)).toBe(true);
    expect(verifyConsistency(3, 4, consistency.fromRoot, consistency.toRoot, consistency.hashes)).toBe(true);
    expect(
      verifyLogSnapshot({
        publicKey: result.data!.auditPublicKey,
        checkpoint,
        inclusion: [inclusion],
        consistency: [consistency],
      }),
    ).toEqual({ ok: true, problems: [] });
  });

  it('bad proof ranges are BAD_USER_INPUT', async () => {
    for (const query of [
      '{ auditInclusionProof(index: 4, treeSize: 4) { index } }',
      '{ auditInclusionProof(index: 0, treeSize: 99) { index } }',
      '{ auditConsistencyProof(fromSize: 0, toSize: 2) { fromSize } }',
      '{ auditConsistencyProof(fromSize: 3, toSize: 2) { fromSize } }',
    ]) {
      const result = await run(query);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('_entities: ServerVersion.auditTrail shows the public history of each version', async () => {
    const [first] = (await t.log.trails('serverName', ['io.github.a/one'], {})).get(
      'io.github.a/one',
    )!.entries;
    const versionId = first.entry.data.versionId as string;
    const trails = jest.spyOn(t.log, 'trails');
    const result = await run(VERSION_TRAIL, {
      representations: [
        { __typename: 'ServerVersion', id: versionId },
        { __typename: 'ServerVersion', id: 'unknown-version' },
      ],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      {
        id: versionId,
        auditTrail: {
          edges: [
            {
              node: {
                index: 0,
                type: 'version.published',
                actor: 'alice',
                occurredAt: first.entry.occurredAt,
              },
            },
          ],
        },
      },
      { id: 'unknown-version', auditTrail: { edges: [] } },
    ]);
    // Both entities' trails came from one batched lookup.
    expect(trails).toHaveBeenCalledTimes(1);
    expect(trails).toHaveBeenCalledWith(
      'versionId',
      [versionId, 'unknown-version'],
      expect.objectContaining({ first: 20 }),
    );
    trails.mockRestore();
  });

  it('_entities: Server.auditTrail by name, paged', async () => {
    const page1 = await run(SERVER_TRAIL, {
      representations: [{ __typename: 'Server', name: 'io.github.a/one' }],
    });
    expect(page1.errors).toBeUndefined();
    const trail = page1.data!._entities[0].auditTrail;
    expect(trail.edges.map((edge: any) => edge.node.index)).toEqual([0]);
    expect(trail.pageInfo.hasNextPage).toBe(true);
    const page2 = await run(SERVER_TRAIL, {
      representations: [{ __typename: 'Server', name: 'io.github.a/one' }],
      after: trail.pageInfo.endCursor,
    });
    expect(page2.data!._entities[0].auditTrail.edges.map((edge: any) => edge.node.index)).toEqual([1]);
    expect(page2.data!._entities[0].auditTrail.pageInfo.hasNextPage).toBe(false);
  });
});
