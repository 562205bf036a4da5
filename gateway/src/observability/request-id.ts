import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { REQUEST_ID_HEADER } from '@mcpr/platform';

/** A client-supplied id is kept only if it is short and plain (it ends up in logs and headers). */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request gets an id: the client's `x-request-id` when acceptable, else a new UUID. It is echoed
 * in the response, logged, and forwarded to subgraphs.
 */
export const assignRequestId: RequestHandler = (req, res, next) => {
  const given = req.header(REQUEST_ID_HEADER);
  const requestId = given && ACCEPTABLE_ID.test(given) ? given : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  next();
};

/** The id {@link assignRequestId} gave this request. */
export const requestIdOf = (res: Response): string =>
  (res.locals.requestId as string | undefined) ?? randomUUID();
