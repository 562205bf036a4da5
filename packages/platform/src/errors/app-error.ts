import type { ErrorCode } from './error-codes';

/**
 * A failure with a public code, raised by domain code (which knows nothing of GraphQL).
 * The subgraph's error formatter turns it into a GraphQLError carrying `extensions.code`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthenticated = (message = 'A valid API key is required for this operation.') =>
  new AppError('UNAUTHENTICATED', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const unavailable = (message: string) => new AppError('UNAVAILABLE', message);
