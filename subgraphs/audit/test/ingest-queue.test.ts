import type { EventEnvelope } from '@mcpr/platform';
import { IngestQueue } from '../src/events/ingest-queue';
import { AuditLog, type IngestResult } from '../src/domain';
import { event, versionPublished } from './support';

/** An AuditLog stand-in that records the batches it is given and commits when told. */
class RecordingLog {
  batches: string[][] = [];
  private release: (() => void)[] = [];
  failNext = false;

  async ingest(events: readonly EventEnvelope[]): Promise<IngestResult> {
    this.batches.push(events.map((e) => e.id));
    await new Promise<void>((resolve) => this.release.push(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('commit failed');
    }
    return { appended: [], aggregated: 0, duplicates: 0, ignored: 0 };
  }

  commit(): void {
    this.release.shift()?.();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('IngestQueue (group commit)', () => {
  it('commits events submitted during a commit together, and settles each only after its commit', async () => {
    const log = new RecordingLog();
    const queue = new IngestQueue(log as unknown as AuditLog);
    const [a, b, c] = [versionPublished(), versionPublished(), versionPublished()];
    const settled: string[] = [];
    const first = queue.submit(a).then(() => settled.push(a.id));
    await flush();
    const rest = [queue.submit(b), queue.submit(c)].map((p, i) => p.then(() => settled.push([b, c][i].id)));
    await flush();
    expect(log.batches).toEqual([[a.id]]);
    expect(settled).toEqual([]);
    log.commit();
    await first;
    await flush();
    expect(log.batches).toEqual([[a.id], [b.id, c.id]]);
    expect(settled).toEqual([a.id]);
    log.commit();
    await Promise.all(rest);
    expect(settled).toEqual([a.id, b.id, c.id]);
    await queue.drain();
  });

  it('rejects every event of a failed commit (so the bus redelivers them) and an invalid event on its own', async () => {
    const log = new RecordingLog();
    const queue = new IngestQueue(log as unknown as AuditLog);
    await expect(queue.submit(event('version.published', 's', { occurredAt: 'never' }))).rejects.toThrow(
      /occurredAt/,
    );
    log.failNext = true;
    const failing = queue.submit(versionPublished());
    await flush();
    log.commit();
    await expect(failing).rejects.toThrow('commit failed');
    const next = queue.submit(versionPublished());
    await flush();
    log.commit();
    await expect(next).resolves.toBeUndefined();
  });
});
