import { testRedisUrl, waitFor } from '@mcpr/platform';
import {
  checkAuditLog,
  committedVersionIds,
  crashServerNames,
  startDistributedStack,
  startPublishStream,
  type DistributedServiceName,
  type DistributedStack,
} from '../src';

/**
 * No lost or doubled event when one service of the distributed layout (a process per service on
 * PostgreSQL + Redis Streams) is SIGKILLed mid-stream and restarted: every version the registry committed
 * has exactly one `version.published` audit entry, and the whole log verifies.
 *
 * - registry: killed between commits and relay publishes, with publishes in flight; on restart its relay
 *   resends what the outbox still holds, and the gateway serves publishes again.
 * - audit: killed while consuming; the stream keeps its pending entries, which are redelivered (or claimed)
 *   when it is back, and its idempotent consumer applies each event once.
 */
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = testRedisUrl();
if (!databaseUrl && process.env.CI === 'true') {
  throw new Error('CI=true but DATABASE_URL is not set: the distributed crash test must run in CI.');
}
const run = databaseUrl && redisUrl ? describe : describe.skip;
const title = databaseUrl && redisUrl ? '' : ' (skipped: DATABASE_URL and REDIS_URL not both set)';

run(`crash recovery in the distributed layout${title}`, () => {
  let stack: DistributedStack | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  /**
   * Publishes a stream, SIGKILLs `victim` after 30 acknowledged publishes (requests in flight), keeps
   * publishing until `down` holds for what happened while it was down, restarts it, and waits for 20 more
   * acknowledged publishes (the platform recovers without anything else being restarted).
   */
  const crash = async (
    victim: DistributedServiceName,
    down: { failed?: number; acknowledged?: number },
  ): Promise<string[]> => {
    const running = await startDistributedStack();
    stack = running;
    const names = crashServerNames(`io.github.crash-${victim}`, 5);
    const stream = startPublishStream(running.admin, names);
    await running.withServiceOutput(async () => {
      try {
        await stream.untilAcknowledged(30);
        await running.kill(victim);
        const before = { failed: stream.failed, acknowledged: stream.acknowledged };
        await waitFor(
          () =>
            stream.failed - before.failed >= (down.failed ?? 0) &&
            stream.acknowledged - before.acknowledged >= (down.acknowledged ?? 0),
          30_000,
          `publishes while ${victim} is down (${JSON.stringify(down)})`,
        );
        await running.restart(victim);
        await stream.untilAcknowledged(stream.acknowledged + 20, 60_000);
      } finally {
        await stream.stop();
      }
    });
    return names;
  };

  const expectOneEntryPerCommittedVersion = async (names: string[]) => {
    const committed = await committedVersionIds(stack!.admin, names);
    expect(committed.length).toBeGreaterThanOrEqual(50);
    const check = await checkAuditLog(stack!.admin, committed, 60_000);
    expect(new Set(check.publishedVersionIds).size).toBe(check.publishedVersionIds.length); // no duplicates
    expect([...check.publishedVersionIds].sort()).toEqual([...committed].sort()); // no gaps, nothing extra
    expect(check.gapless).toBe(true);
    expect(check.badLeafHashes).toEqual([]);
    expect(check.checkpointCoversLog).toBe(true);
    expect(check.checkpointVerifies).toBe(true);
    expect(check.badProofs).toEqual([]);
  };

  it('SIGKILL of the registry mid-stream: every committed version is audited exactly once', async () => {
    // While the registry is down publishes fail (UNAVAILABLE through the gateway).
    const names = await crash('registry', { failed: 5 });
    await stack!.withServiceOutput(() => expectOneEntryPerCommittedVersion(names));
  }, 180_000);

  it('SIGKILL of the audit service mid-stream: every committed version is audited exactly once', async () => {
    // Publishing does not wait for the audit log: it goes on while audit is down.
    const names = await crash('audit', { acknowledged: 20 });
    await stack!.withServiceOutput(() => expectOneEntryPerCommittedVersion(names));
  }, 180_000);
});
