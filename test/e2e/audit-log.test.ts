import { waitFor } from '@mcpr/platform';
import { verifyCheckpoint, verifyConsistency, verifyInclusion } from '@mcpr/audit';
import {
  AuditCheckpointDocument,
  AuditConsistencyProofDocument,
  AuditInclusionProofDocument,
  AuditLogDocument,
  PublishServerDocument,
} from '@mcpr/schema';
import { expectData, startTestStack, type TestStack } from '../src';

/** Publish → an audit entry visible through the gateway within a second, with proofs that verify offline. */
describe('audit log through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  const manifest = (version: string) => ({
    name: 'io.github.auditor/notes',
    description: 'Notes server',
    version,
    packages: [{ registryType: 'npm', identifier: '@auditor/notes', version, transport: { type: 'stdio' } }],
  });

  it('shows a publish in the log within a second, with a verifying inclusion proof and signed checkpoint', async () => {
    const published = expectData(
      await stack.admin.execute(PublishServerDocument, { input: { manifest: manifest('1.0.0') } }),
    ).publishServer.version!;
    const deadline = Date.now() + 1000;
    let entry: { index: number; leafHash: string; data: unknown } | undefined;
    await waitFor(async () => {
      const log = expectData(
        await stack.admin.execute(AuditLogDocument, { filter: { types: ['version.published'] }, first: 10 }),
      );
      entry = log.auditLog.edges
        .map((edge) => edge.node)
        .find((node) => (node.data as { versionId?: string }).versionId === published.id);
      return entry !== undefined;
    }, 1000);
    expect(Date.now()).toBeLessThanOrEqual(deadline + 50);

    let checkpoint!: { treeSize: number; rootHash: string; note: string; signature: string };
    await waitFor(async () => {
      const data = expectData(await stack.anonymous.execute(AuditCheckpointDocument));
      if (!data.auditCheckpoint || data.auditCheckpoint.treeSize <= entry!.index) return false;
      checkpoint = data.auditCheckpoint;
      return true;
    }, 5000);
    const publicKey = expectData(
      await stack.anonymous.raw<{ auditPublicKey: string }>({ query: '{ auditPublicKey }' }),
    );
    expect(verifyCheckpoint(checkpoint.note, checkpoint.signature, publicKey.auditPublicKey)).toBe(true);

    const proof = expectData(
      await stack.anonymous.execute(AuditInclusionProofDocument, {
        index: entry!.index,
        treeSize: checkpoint.treeSize,
      }),
    ).auditInclusionProof;
    expect(proof.rootHash).toBe(checkpoint.rootHash);
    expect(proof.leafHash).toBe(entry!.leafHash);
    expect(
      verifyInclusion(proof.leafHash, entry!.index, checkpoint.treeSize, proof.hashes, proof.rootHash),
    ).toBe(true);
  });

  it('proves the log only grew between two checkpoints', async () => {
    const first = expectData(await stack.anonymous.execute(AuditCheckpointDocument)).auditCheckpoint!;
    expectData(await stack.admin.execute(PublishServerDocument, { input: { manifest: manifest('1.1.0') } }));
    let second = first;
    await waitFor(async () => {
      second = expectData(await stack.anonymous.execute(AuditCheckpointDocument)).auditCheckpoint!;
      return second.treeSize > first.treeSize;
    }, 5000);
    const proof = expectData(
      await stack.anonymous.execute(AuditConsistencyProofDocument, {
        fromSize: first.treeSize,
        toSize: second.treeSize,
      }),
    ).auditConsistencyProof;
    expect(proof.fromRoot).toBe(first.rootHash);
    expect(proof.toRoot).toBe(second.rootHash);
    expect(
      verifyConsistency(first.treeSize, second.treeSize, first.rootHash, second.rootHash, proof.hashes),
    ).toBe(true);
  });

  it('rejects proofs for sizes beyond the tree with BAD_USER_INPUT', async () => {
    const response = await stack.anonymous.execute(AuditInclusionProofDocument, {
      index: 0,
      treeSize: 1_000_000,
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
