import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkAuditLog,
  committedVersionIds,
  crashServerNames,
  GatewayClient,
  startPublishStream,
  startStackProcess,
  type StackProcess,
} from '../src';

/**
 * No lost event under a crash: the embedded platform runs as a child process, versions are published in a
 * stream, the process is SIGKILLed mid-stream and restarted on the same DATA_DIR. Every version the registry
 * committed must then have exactly one `version.published` audit entry, and the whole log must verify.
 * (The distributed layout's version, one service killed at a time, is distributed-crash.slow.test.ts.)
 */
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
    const names = crashServerNames('io.github.crash', 5);
    stack = await startStackProcess({ dataDir });
    // Four concurrent publishers; the process dies after 40 acknowledged publishes, with requests in flight.
    const stream = startPublishStream(new GatewayClient(stack.gatewayUrl, stack.adminKey), names);
    await stream.untilAcknowledged(40);
    await stack.kill();
    await stream.stop();

    stack = await startStackProcess({ dataDir });
    const client = new GatewayClient(stack.gatewayUrl, stack.adminKey);
    const committed = await committedVersionIds(client, names);
    expect(committed.length).toBeGreaterThanOrEqual(40);

    const check = await checkAuditLog(client, committed);
    expect(new Set(check.publishedVersionIds).size).toBe(check.publishedVersionIds.length); // no duplicates
    expect([...check.publishedVersionIds].sort()).toEqual([...committed].sort()); // no gaps, nothing extra
    expect(check.gapless).toBe(true);
    expect(check.badLeafHashes).toEqual([]);
    expect(check.checkpointCoversLog).toBe(true);
    expect(check.checkpointVerifies).toBe(true);
    expect(check.badProofs).toEqual([]);
  }, 120_000);
});
