import type { GraphQLFormattedError } from 'graphql';
import type { ErrorCode } from '@mcpr/platform';
import type { GatewayContext } from '../context';

export interface ExecutionResult {
  data: Record<string, unknown> | null | undefined;
  errors: readonly GraphQLFormattedError[];
}

/** Runs one operation through the gateway's Apollo server with the caller's context. */
export type ExecuteOperation = (
  context: GatewayContext,
  query: string,
  variables: Record<string, unknown>,
) => Promise<ExecutionResult>;

/** A REST request that cannot be answered with data: its HTTP status, code and message. */
export class RestFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** For the log only (never sent): what went wrong inside. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'RestFailure';
  }
}

const STATUS_OF: Partial<Record<string, [number, ErrorCode]>> = {
  UNAUTHENTICATED: [401, 'UNAUTHENTICATED'],
  FORBIDDEN: [403, 'FORBIDDEN'],
  RATE_LIMITED: [429, 'RATE_LIMITED'],
  UNAVAILABLE: [503, 'UNAVAILABLE'],
  BAD_USER_INPUT: [400, 'BAD_REQUEST'],
  BAD_REQUEST: [400, 'BAD_REQUEST'],
};

/**
 * The data of the root field, or a RestFailure for the error that prevented it. Errors deeper down
 * (e.g. trust unavailable for the `trust` field) leave partial data, which is served without them.
 */
export function rootData<T>(result: ExecutionResult, field: string): T {
  const value = result.data?.[field];
  const fatal = result.errors.find((error) => !error.path || error.path.length <= 1);
  if (value !== undefined && value !== null && !fatal) return value as T;
  if (value === null && !fatal && result.errors.length === 0) return value as T;
  const error = fatal ?? result.errors[0];
  if (!error) return value as T;
  const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const mapped = STATUS_OF[code];
  if (mapped) throw new RestFailure(mapped[0], mapped[1], error.message);
  const correlationId = error.extensions?.correlationId;
  if (code === 'INTERNAL_SERVER_ERROR' && typeof correlationId === 'string') {
    throw new RestFailure(500, 'INTERNAL_SERVER_ERROR', error.message, { correlationId });
  }
  // Anything else (our own document failing validation, say) is the gateway's fault: masked.
  throw new RestFailure(
    500,
    'INTERNAL_SERVER_ERROR',
    'Internal server error.',
    {},
    `${code}: ${error.message}`,
  );
}
