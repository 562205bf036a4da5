import type { RequestHandler } from 'express';
import { sendGraphQLError } from './http-errors';

/**
 * One operation per request: a JSON array (a batch) is refused before it reaches Apollo, so rate limits
 * and document limits always see exactly one operation.
 */
export const rejectBatchedRequests: RequestHandler = (req, res, next) => {
  if (Array.isArray(req.body)) {
    sendGraphQLError(
      res,
      400,
      'BAD_REQUEST',
      'Batched operations are not supported: send one operation per request.',
    );
    return;
  }
  next();
};
