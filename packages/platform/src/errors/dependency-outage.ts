import { AppError } from './app-error';

/** What a service depends on; named in UNAVAILABLE errors so an operator knows where to look. */
export type Dependency = 'database' | 'redis';

/**
 * A dependency did not answer in time or cannot be reached. Raised by the platform's own guards (the
 * PostgreSQL query timeout, publishing to a disconnected Redis); third-party failures are recognised by
 * {@link dependencyOutage} instead.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    message: string,
  ) {
    super(message);
    this.name = 'DependencyUnavailableError';
  }
}

export interface DependencyOutage {
  dependency: Dependency | undefined;
  /** The driver's own words, for logs (never shown to clients). */
  detail: string;
}

/** Socket-level failures: the peer is gone, refuses, or never answered. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs that mean "the server cannot serve you now": class 08 (connection exception),
 * shutdown and crash recovery (57P01–57P03), too many connections (53300), and a statement cancelled by
 * its timeout (57014).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '57014'].includes(code);
}

/** node-postgres and knex errors that carry no code, by message. */
const DATABASE_MESSAGES = [
  /^Connection terminated/,
  /^Client (?:was closed|has encountered a connection error) and is not queryable/,
  /^timeout expired$/, // pg: connectionTimeoutMillis
  /^Query read timeout$/,
  /^Knex: Timeout acquiring a connection/,
  /^Unable to acquire a connection$/,
];

/** ioredis errors, by name or message. */
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError']);
const REDIS_MESSAGES = [
  /^Connection is closed\.?$/,
  /^Stream isn't writeable and enableOfflineQueue options is false/,
  /^Command timed out$/,
  /^(?:LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN) /,
];

function isDatabaseError(error: Error): boolean {
  // MikroORM's DriverException family, and knex's pool timeout.
  return /Exception$/.test(error.name) || error.name === 'KnexTimeoutError';
}

/** The error and what it wraps (`cause`, MikroORM's `previous`, GraphQL's `originalError`). */
function* causeChain(error: unknown): Generator<Error> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    yield current;
    const next =
      (current as { originalError?: unknown }).originalError ??
      (current as { previous?: unknown }).previous ??
      (current as { cause?: unknown }).cause;
    if (next === current) return;
    current = next;
  }
}

/**
 * Whether `error` means a dependency is down or not answering (as opposed to a bug or a bad request),
 * and which one when that can be told. Used to answer UNAVAILABLE instead of a masked internal error.
 */
export function dependencyOutage(error: unknown): DependencyOutage | undefined {
  for (const cause of causeChain(error)) {
    const detail = cause.message;
    if (cause instanceof DependencyUnavailableError) return { dependency: cause.dependency, detail };
    // MikroORM rewraps driver errors in a DriverException that copies their own properties.
    const marked = (cause as { dependency?: unknown }).dependency;
    if (marked === 'database' || marked === 'redis') return { dependency: marked, detail };
    if (REDIS_NAMES.has(cause.name) || REDIS_MESSAGES.some((pattern) => pattern.test(detail))) {
      return { dependency: 'redis', detail };
    }
    if (DATABASE_MESSAGES.some((pattern) => pattern.test(detail))) return { dependency: 'database', detail };
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) {
        return { dependency: isDatabaseError(cause) ? 'database' : undefined, detail };
      }
      if (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code) && isDatabaseError(cause)) {
        return { dependency: 'database', detail };
      }
    }
  }
  return undefined;
}

const WHAT: Record<Dependency, string> = {
  database: 'The database',
  redis: 'The event bus (Redis)',
};

/** The public UNAVAILABLE error for an outage: says what is down, never the driver's internals. */
export function unavailableError(outage: DependencyOutage): AppError {
  const what = outage.dependency ? WHAT[outage.dependency] : 'A service this request needs';
  return new AppError('UNAVAILABLE', `${what} is unavailable right now; retry shortly.`, {
    ...(outage.dependency ? { dependency: outage.dependency } : {}),
  });
}
