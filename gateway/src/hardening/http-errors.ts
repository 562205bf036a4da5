import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Response } from 'express';
import { ERROR_CODES, type ErrorCode, type Logger } from '@mcpr/platform';
import { outcomeOf } from '../observability/access-log';

/** A request-level GraphQL error response: `{ errors: [{ message, extensions: { code } }] }`. */
export function sendGraphQLError(
  res: Response,
  status: number,
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  outcomeOf(res).errorCodes.push(code);
  res.status(status).json({ errors: [{ message, extensions: { ...extensions, code } }] });
}

/** The official REST API's error body: `{ error }` (plus our code, for clients that want it). */
export function sendRestError(
  res: Response,
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  outcomeOf(res).errorCodes.push(code);
  res.status(status).json({ error: message, code, ...extra });
}

const isRest = (url: string) => url.startsWith('/v0.1/') || url === '/v0.1';

/** body-parser's failure types, in words a client can act on. */
const BODY_PROBLEMS: Record<string, string> = {
  'entity.too.large': 'The request body is larger than this gateway accepts',
  'entity.parse.failed': 'The request body is not valid JSON',
  'encoding.unsupported': 'The request body has an unsupported content encoding',
  'charset.unsupported': 'The request body has an unsupported charset',
  'request.aborted': 'The request body was not received completely',
  'request.size.invalid': 'The request body does not match its Content-Length',
};

/**
 * The last express handler. Malformed requests (too large → 413, not JSON → 400, ...) get BAD_REQUEST
 * in the shape of the API they addressed; anything else is an internal error, masked with a correlation
 * id that is logged with the cause.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const rest = isRest(req.originalUrl);
    const failure = error as { status?: unknown; statusCode?: unknown; type?: unknown; limit?: unknown };
    const status = Number(failure.status ?? failure.statusCode);
    if (Number.isInteger(status) && status >= 400 && status < 500) {
      const type = typeof failure.type === 'string' ? failure.type : '';
      const problem = BODY_PROBLEMS[type] ?? 'The request is malformed';
      const message =
        type === 'entity.too.large' && typeof failure.limit === 'number'
          ? `${problem} (at most ${failure.limit} bytes).`
          : `${problem}.`;
      if (rest) sendRestError(res, status, 'BAD_REQUEST', message);
      else sendGraphQLError(res, status, 'BAD_REQUEST', message);
      return;
    }
    const correlationId = randomUUID();
    logger.error({ err: error, correlationId, path: req.path }, 'internal error');
    const message = `Internal server error (correlation id ${correlationId}).`;
    if (rest) sendRestError(res, 500, 'INTERNAL_SERVER_ERROR', message, { correlationId });
    else sendGraphQLError(res, 500, 'INTERNAL_SERVER_ERROR', message, { correlationId });
  };
}

/** HTTP status of a thrown error code (e.g. 401 for UNAUTHENTICATED). */
export const httpStatusOf = (code: ErrorCode): number => ERROR_CODES[code].http;
