import { waitFor } from '@mcpr/platform';
import { auditLeafHash, verifyCheckpoint, verifyInclusion } from '@mcpr/audit';
import { expectData, type GatewayClient } from './graphql-client';

/**
 * The crash tests' kit: a stream of concurrent publishes that keeps going through a crash, the versions the
 * registry actually committed, and a full check of the audit log against them (one `version.published`
 * entry per committed version, gapless, every leaf hash, the signed checkpoint and every inclusion proof).
 * Helpers return what they found; the suites assert on it.
 */
const PUBLISH = `mutation($input: PublishServerInput!) { publishServer(input: $input) { version { id } userErrors { code } } }`;
// One server per query: a list of servers with 100 versions each is over the gateway's cost limit.
const COMMITTED = `query($name: String!) { server(name: $name) { versions(first: 100) { edges { node { id } } } } }`;
const LOG_PAGE = `query($after: String) { auditLog(first: 100, after: $after) {
  edges { node { index id type source subject actor occurredAt leafHash data } }
  pageInfo { hasNextPage endCursor } } }`;
const CHECKPOINT = `query { auditCheckpoint { treeSize rootHash note signature } auditPublicKey }`;
const PROOF = `query($index: Int!, $treeSize: Int!) { auditInclusionProof(index: $index, treeSize: $treeSize) { leafHash rootHash hashes } }`;

export interface AuditLogEntry {
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

/** The server names a stream publishes to (`servers` of them under `namespace`). */
export function crashServerNames(namespace: string, servers: number): string[] {
  return Array.from({ length: servers }, (_, i) => `${namespace}/server-${i}`);
}

function crashManifest(name: string, version: string) {
  const id = name.slice(name.indexOf('/') + 1);
  return {
    name,
    description: `Crash test server ${id}`,
    version,
    packages: [{ registryType: 'npm', identifier: `@crash/${id}`, version, transport: { type: 'stdio' } }],
  };
}

async function query<T>(
  client: GatewayClient,
  text: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  return expectData(await client.raw<T>({ query: text, variables }));
}

export interface PublishStream {
  /** Publishes answered with a version (committed for certain). */
  readonly acknowledged: number;
  /** Publishes answered with an error or not answered (committed or not: the crash decides). */
  readonly failed: number;
  /** Resolves once `acknowledged` reaches `count`. */
  untilAcknowledged(count: number, timeoutMs?: number): Promise<void>;
  /** Stops the publishers and waits for the requests in flight. */
  stop(): Promise<void>;
}

/**
 * `concurrency` publishers sending versions `1.0.<i>` round-robin to `names` until stopped; a failed
 * request (a service down, a connection reset) is counted and the stream goes on, so requests are in
 * flight whenever a crash happens.
 */
export function startPublishStream(
  client: GatewayClient,
  names: string[],
  options: { concurrency?: number } = {},
): PublishStream {
  let acknowledged = 0;
  let failed = 0;
  let next = 0;
  let stopped = false;
  const publisher = async () => {
    while (!stopped) {
      const i = next++;
      try {
        const response = await client.raw<{ publishServer: { userErrors: unknown[] } }>({
          query: PUBLISH,
          variables: { input: { manifest: crashManifest(names[i % names.length]!, `1.0.${i}`) } },
        });
        if (response.data?.publishServer.userErrors.length === 0) acknowledged += 1;
        else failed += 1;
      } catch {
        failed += 1;
        // The gateway itself is unreachable: do not spin.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const running = Promise.all(Array.from({ length: options.concurrency ?? 4 }, publisher));
  return {
    get acknowledged() {
      return acknowledged;
    },
    get failed() {
      return failed;
    },
    untilAcknowledged: (count, timeoutMs = 30_000) =>
      waitFor(() => acknowledged >= count, timeoutMs, `${count} acknowledged publishes`),
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** The ids of every version the registry holds for `names` (what it committed, whatever was answered). */
export async function committedVersionIds(client: GatewayClient, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const data = await query<{ server: { versions: { edges: { node: { id: string } }[] } } | null }>(
      client,
      COMMITTED,
      { name },
    );
    ids.push(...(data.server?.versions.edges.map((edge) => edge.node.id) ?? []));
  }
  return ids;
}

/** The whole audit log, page by page. */
export async function readAuditLog(client: GatewayClient): Promise<AuditLogEntry[]> {
  const entries: AuditLogEntry[] = [];
  let after: string | null = null;
  for (;;) {
    const page: {
      auditLog: { edges: { node: AuditLogEntry }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    } = await query(client, LOG_PAGE, { after });
    entries.push(...page.auditLog.edges.map((edge) => edge.node));
    if (!page.auditLog.pageInfo.hasNextPage) return entries;
    after = page.auditLog.pageInfo.endCursor;
  }
}

export interface AuditLogCheck {
  log: AuditLogEntry[];
  /** `data.versionId` of every `version.published` entry, in log order. */
  publishedVersionIds: string[];
  /** Indexes are 0..n-1 in order. */
  gapless: boolean;
  /** Entries whose leaf hash does not match their content. */
  badLeafHashes: number[];
  /** The latest checkpoint covers the whole log and its signature verifies. */
  checkpointCoversLog: boolean;
  checkpointVerifies: boolean;
  /** Entries whose inclusion proof against the checkpoint does not verify. */
  badProofs: number[];
}

/**
 * Waits until the audit log has at least one `version.published` entry per committed version (the relay
 * resends what a crash left unsent; consumers catch up), then checks the whole log.
 */
export async function checkAuditLog(
  client: GatewayClient,
  committed: string[],
  timeoutMs = 30_000,
): Promise<AuditLogCheck> {
  const wanted = new Set(committed);
  let log: AuditLogEntry[] = [];
  const published = () =>
    log.filter((entry) => entry.type === 'version.published').map((entry) => String(entry.data.versionId));
  await waitFor(
    async () => {
      log = await readAuditLog(client);
      return published().filter((id) => wanted.has(id)).length >= wanted.size;
    },
    timeoutMs,
    'the audit log to catch up with the committed versions',
    100,
  );

  const badLeafHashes = log
    .filter(
      (entry) =>
        auditLeafHash({ ...entry, occurredAt: new Date(entry.occurredAt).toISOString() }) !== entry.leafHash,
    )
    .map((entry) => entry.index);

  let checkpoint!: {
    auditCheckpoint: { treeSize: number; rootHash: string; note: string; signature: string } | null;
    auditPublicKey: string;
  };
  let checkpointCoversLog = true;
  await waitFor(
    async () => {
      checkpoint = await query(client, CHECKPOINT);
      return (checkpoint.auditCheckpoint?.treeSize ?? 0) >= log.length;
    },
    timeoutMs,
    'a checkpoint covering the log',
    100,
  ).catch(() => {
    checkpointCoversLog = false;
  });
  const badProofs: number[] = [];
  let checkpointVerifies = false;
  if (checkpoint.auditCheckpoint) {
    const { treeSize, rootHash, note, signature } = checkpoint.auditCheckpoint;
    checkpointVerifies = verifyCheckpoint(note, signature, checkpoint.auditPublicKey);
    for (const entry of log.filter((candidate) => candidate.index < treeSize)) {
      const { auditInclusionProof: proof } = await query<{
        auditInclusionProof: { leafHash: string; rootHash: string; hashes: string[] };
      }>(client, PROOF, { index: entry.index, treeSize });
      const verifies =
        proof.rootHash === rootHash &&
        proof.leafHash === entry.leafHash &&
        verifyInclusion(entry.leafHash, entry.index, treeSize, proof.hashes, rootHash);
      if (!verifies) badProofs.push(entry.index);
    }
  }
  return {
    log,
    publishedVersionIds: published(),
    gapless: log.every((entry, position) => entry.index === position),
    badLeafHashes,
    checkpointCoversLog,
    checkpointVerifies,
    badProofs,
  };
}
