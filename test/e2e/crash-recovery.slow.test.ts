import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@mcpr/platform';
import { auditLeafHash, verifyCheckpoint, verifyInclusion } from '@mcpr/audit';
import { GatewayClient, expectData, startStackProcess, type StackProcess } from '../src';

/**
 * No lost event under a crash: the embedded platform runs as a child process, versions are published in a
 * stream, the process is SIGKILLed mid-stream and restarted on the same DATA_DIR. Every version the registry
 * committed must then have exactly one `version.published` audit entry, and the whole log must verify.
 */
const PUBLISH = `mutation($input: PublishServerInput!) { publishServer(input: $input) { version { id } userErrors { code } } }`;
// One server per query: a list of servers with 100 versions each is over the gateway's cost limit.
const COMMITTED = `query($name: String!) { server(name: $name) { versions(first: 100) { edges { node { id } } } } }`;
const LOG_PAGE = `query($after: String) { auditLog(first: 100, after: $after) {
  edges { node { index id type source subject actor occurredAt leafHash data } }
  pageInfo { hasNextPage endCursor } } }`;
const CHECKPOINT = `query { auditCheckpoint { treeSize rootHash note signature } auditPublicKey }`;
const PROOF = `query($index: Int!, $treeSize: Int!) { auditInclusionProof(index: $index, treeSize: $treeSize) { leafHash rootHash hashes } }`;

interface LogEntry {
  index: number;
  id: string;
  type: string;
  source: string;
  subject: string;
  actor: string;
  occurredAt: string;
  leafHash: string;
  data: Record<string, unknown>;
}

function manifest(server: number, version: string) {
  return {
    name: `io.github.crash/server-${server}`,
    description: `Crash test server ${server}`,
    version,
    packages: [
      { registryType: 'npm', identifier: `@crash/server-${server}`, version, transport: { type: 'stdio' } },
    ],
  };
}

async function query<T>(
  client: GatewayClient,
  text: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  return expectData(await client.raw<T>({ query: text, variables }));
}

async function readLog(client: GatewayClient): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  let after: string | null = null;
  for (;;) {
    const page: {
      auditLog: { edges: { node: LogEntry }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    } = await query(client, LOG_PAGE, { after });
    entries.push(...page.auditLog.edges.map((edge) => edge.node));
    if (!page.auditLog.pageInfo.hasNextPage) return entries;
    after = page.auditLog.pageInfo.endCursor;
  }
}

describe('crash recovery (embedded platform as a child process)', () => {
  let dataDir: string;
  let stack: StackProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcpr-crash-'));
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps exactly one version.published audit entry per committed version across a SIGKILL', async () => {
    stack = await startStackProcess({ dataDir });
    const admin = new GatewayClient(stack.gatewayUrl, stack.adminKey);
    let acknowledged = 0;
    let next = 0;
    let killing: Promise<void> | undefined;
    const crashed = stack;
    // Four concurrent publishers; the process dies after 40 acknowledged publishes, with requests in flight.
    const publisher = async () => {
      while (!killing) {
        const i = next++;
        try {
          const response = await admin.raw<{ publishServer: { userErrors: unknown[] } }>({
            query: PUBLISH,
            variables: { input: { manifest: manifest(i % 5, `1.0.${i}`) } },
          });
          if (response.data?.publishServer.userErrors.length === 0) acknowledged += 1;
        } catch {
          return; // the process is gone
        }
        if (acknowledged >= 40 && !killing) killing = crashed.kill();
      }
    };
    await Promise.all(Array.from({ length: 4 }, publisher));
    await killing;

    stack = await startStackProcess({ dataDir });
    const client = new GatewayClient(stack.gatewayUrl, stack.adminKey);
    const committed: string[] = [];
    for (let server = 0; server < 5; server++) {
      const data = await query<{ server: { versions: { edges: { node: { id: string } }[] } } | null }>(
        client,
        COMMITTED,
        {
          name: `io.github.crash/server-${server}`,
        },
      );
      committed.push(...(data.server?.versions.edges.map((edge) => edge.node.id) ?? []));
    }
    expect(committed.length).toBeGreaterThanOrEqual(40);

    // The relay resends what the crash left unsent; the audit log catches up.
    let log: LogEntry[] = [];
    const published = () => log.filter((entry) => entry.type === 'version.published');
    await waitFor(
      async () => {
        log = await readLog(client);
        return published().length >= committed.length;
      },
      20_000,
      'audit log did not catch up with the committed versions',
    );
    const versionIds = published().map((entry) => String(entry.data.versionId));
    expect(new Set(versionIds).size).toBe(versionIds.length); // no duplicates
    expect([...versionIds].sort()).toEqual([...committed].sort()); // no gaps, nothing extra
    expect(log.map((entry) => entry.index)).toEqual(log.map((_, index) => index)); // gapless

    // The whole log verifies: leaf hashes from content, a signed checkpoint, and inclusion proofs.
    for (const entry of log) {
      expect(auditLeafHash({ ...entry, occurredAt: new Date(entry.occurredAt).toISOString() })).toBe(
        entry.leafHash,
      );
    }
    let checkpoint!: {
      auditCheckpoint: { treeSize: number; rootHash: string; note: string; signature: string };
      auditPublicKey: string;
    };
    await waitFor(async () => {
      checkpoint = await query(client, CHECKPOINT);
      return checkpoint.auditCheckpoint?.treeSize >= log.length;
    }, 10_000);
    const { treeSize, rootHash, note, signature } = checkpoint.auditCheckpoint;
    expect(verifyCheckpoint(note, signature, checkpoint.auditPublicKey)).toBe(true);
    for (const entry of log) {
      const { auditInclusionProof: proof } = await query<{
        auditInclusionProof: { leafHash: string; rootHash: string; hashes: string[] };
      }>(client, PROOF, { index: entry.index, treeSize });
      expect(proof.rootHash).toBe(rootHash);
      expect(verifyInclusion(entry.leafHash, entry.index, treeSize, proof.hashes, rootHash)).toBe(true);
    }
  }, 120_000);
});
