/**
 * Exit codes of `mcpm` (documented in the README; scripts rely on them).
 */
export const ExitCode = {
  /** Success: nothing to report. */
  OK: 0,
  /** A problem was found: validation errors, a vet DENY, drift found by `verify`, a refused publish. */
  PROBLEM: 1,
  /** Wrong usage: unknown command or option, missing argument, unreadable input file. */
  USAGE: 2,
  /** Authentication or authorization: no key, a malformed/unknown/revoked key, a missing scope. */
  AUTH: 3,
  /** The registry could not be reached or could not answer (network, HTTP 5xx, rate limit, old server). */
  UNAVAILABLE: 4,
  /** A bug in mcpm itself (the message says so). */
  INTERNAL: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can act on: printed as `mcpm: <message>` followed by the hint, and turned into the
 * exit code. Everything else that escapes a command is a bug (exit 70).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    /** What to do next, e.g. "run mcpm login". */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage mistake (exit 2). */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, ExitCode.USAGE, hint);
}

/** A problem found (exit 1). */
export function problem(message: string, hint?: string): CliError {
  return new CliError(message, ExitCode.PROBLEM, hint);
}
