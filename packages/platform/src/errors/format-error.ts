import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../logging/logger';
import { AppError } from './app-error';
import { dependencyOutage, unavailableError } from './dependency-outage';
import { isErrorCode } from './error-codes';

export {
  dependencyOutage,
  unavailableError,
  DependencyUnavailableError,
  type Dependency,
  type DependencyOutage,
} from './dependency-outage';

/** Apollo's own codes for request-level failures, mapped onto ours. */
const APOLLO_CODES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_SUPPORTED: 'BAD_REQUEST',
  OPERATION_RESOLUTION_FAILURE: 'BAD_REQUEST',
};

/**
 * Every error leaving a service carries `extensions.code`. Known failures keep their message; a
 * dependency that is down or not answering (database, Redis) is UNAVAILABLE, naming the dependency but not
 * the driver's words; anything unexpected is masked to INTERNAL_SERVER_ERROR with a correlation id that is
 * logged with the cause.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { ...original.extensions, code: original.code },
      };
    }
    const outage = dependencyOutage(original);
    if (outage) {
      logger.warn(
        { err: original, dependency: outage.dependency, path: formatted.path },
        'dependency unavailable',
      );
      const unavailable = unavailableError(outage);
      return {
        message: unavailable.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { ...unavailable.extensions, code: unavailable.code },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && (isErrorCode(code) || APOLLO_CODES[code])) {
      const mapped = APOLLO_CODES[code] ?? code;
      if (mapped !== 'INTERNAL_SERVER_ERROR') {
        return { ...formatted, extensions: { ...stripStack(formatted.extensions), code: mapped } };
      }
    }
    if (
      original instanceof GraphQLError &&
      !original.originalError &&
      formatted.extensions?.code === undefined
    ) {
      // A GraphQLError raised by graphql-js itself (e.g. variable coercion): a client mistake.
      return { ...formatted, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const correlationId = randomUUID();
    logger.error({ err: original, correlationId, path: formatted.path }, 'internal error');
    return {
      message: `Internal server error (correlation id ${correlationId}).`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    };
  };
}

function stripStack(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!extensions) return {};
  const { stacktrace: _stacktrace, exception: _exception, ...rest } = extensions;
  return rest;
}
