import type { Logger } from '@mcpr/platform';
import type { AuditLog } from './audit-log';

/** A running {@link scheduleCheckpoints}. */
export interface CheckpointSchedule {
  /** Stops the timer and waits for a tick in progress. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`: closes the security-event windows that are due, then signs a checkpoint if the
 * tree grew (so a new checkpoint appears at most one interval after an append). Ticks never overlap
 * (the next is scheduled when one ends) and the timer is unref'd, so it never keeps a process alive.
 * A failing tick is logged and retried at the next one.
 */
export function scheduleCheckpoints(log: AuditLog, intervalMs: number, logger: Logger): CheckpointSchedule {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const tick = async () => {
    try {
      await log.closeDueWindows();
      const checkpoint = await log.checkpoint();
      if (checkpoint) logger.debug({ treeSize: checkpoint.treeSize }, 'audit checkpoint signed');
    } catch (error) {
      logger.error({ err: error }, 'audit checkpoint tick failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
