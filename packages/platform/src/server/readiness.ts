import type { Logger } from '../logging/logger';
import type { Orm } from '../orm/create-orm';
import type { EventBus } from '../events/event-bus';
import { valueWithin } from '../events/async-timers';

/** One readiness check: true when its dependency answers; false, a rejection or a timeout fail it. */
export type ReadinessCheck = () => Promise<boolean>;

/** Named checks, e.g. `{ database, bus }`. */
export type ReadinessChecks = Record<string, ReadinessCheck>;

/** What `/ready` answers: every check by name, and the names of those that failed. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
  failing: string[];
}

/** How long one check may take before it counts as failed (default of the standard checks). */
export const READINESS_TIMEOUT_MS = 1_000;

/**
 * Runs every check in parallel, each bounded by `timeoutMs` (a dependency that hangs — a paused
 * database — fails its check instead of hanging the probe).
 */
export async function runReadinessChecks(
  checks: ReadinessChecks,
  timeoutMs = READINESS_TIMEOUT_MS * 2,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(checks).map(
      async ([name, check]) =>
        [name, await valueWithin(Promise.resolve().then(check), timeoutMs, false)] as const,
    ),
  );
  const failing = results.filter(([, ok]) => !ok).map(([name]) => name);
  return { ready: failing.length === 0, checks: Object.fromEntries(results), failing };
}

/**
 * Only one probe query in flight: concurrent or repeated probes share it, so a database that hangs
 * holds at most one pooled connection for readiness however often the orchestrator asks.
 */
function singleFlight(probe: () => Promise<boolean>, timeoutMs: number): ReadinessCheck {
  let inFlight: Promise<boolean> | null = null;
  return () => {
    if (!inFlight) {
      const current = probe();
      inFlight = current;
      const settled = () => {
        if (inFlight === current) inFlight = null;
      };
      current.then(settled, settled);
    }
    return valueWithin(inFlight, timeoutMs, false);
  };
}

/** The database answers `select 1` through the ORM within `timeoutMs`. */
export function databaseCheck(orm: Orm, timeoutMs = READINESS_TIMEOUT_MS): ReadinessCheck {
  return singleFlight(async () => {
    await orm.em.getConnection().execute('select 1', [], 'get');
    return true;
  }, timeoutMs);
}

/** The event bus accepts events now (Redis: answers PING) within `timeoutMs`. */
export function eventBusCheck(bus: EventBus, timeoutMs = READINESS_TIMEOUT_MS): ReadinessCheck {
  return singleFlight(() => bus.healthy(), timeoutMs);
}

/** The dependencies every service may have, checked the standard way. */
export interface ServiceDependencies {
  /** Checked as `database`. */
  orm?: Orm;
  /** Checked as `bus` (the in-process bus, or Redis when REDIS_URL is set). */
  bus?: EventBus;
}

/** The standard checks for `dependencies`: `database` and `bus`, for those given. */
export function dependencyChecks(dependencies: ServiceDependencies = {}): ReadinessChecks {
  return {
    ...(dependencies.orm ? { database: databaseCheck(dependencies.orm) } : {}),
    ...(dependencies.bus ? { bus: eventBusCheck(dependencies.bus) } : {}),
  };
}

/**
 * Logs when a check starts failing and when it recovers (once per transition, not once per probe: an
 * orchestrator asks every few seconds).
 */
export function readinessTransitions(logger: Logger, service: string): (report: ReadinessReport) => void {
  let failing = new Set<string>();
  return (report) => {
    const now = new Set(report.failing);
    const started = report.failing.filter((name) => !failing.has(name));
    const recovered = [...failing].filter((name) => !now.has(name));
    if (started.length) logger.warn({ service, failing: started }, 'readiness check failing');
    if (recovered.length) logger.info({ service, recovered }, 'readiness check recovered');
    failing = now;
  };
}
