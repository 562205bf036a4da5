import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * What handlers learn about a request while serving it (GraphQL plugins fill in the operation name and
 * error codes), for the access log and the metrics.
 */
export interface RequestOutcome {
  /** A bounded route label: `/graphql`, `/v0.1/servers`, ... or `other`. */
  route: string;
  operationName: string | null;
  /** Error codes of the response (GraphQL `extensions.code` or the REST error code). */
  errorCodes: string[];
}

/** This request's outcome record (created on first use). */
export function outcomeOf(res: Response): RequestOutcome {
  const locals = res.locals as { outcome?: RequestOutcome };
  return (locals.outcome ??= { route: 'other', operationName: null, errorCodes: [] });
}

/** What the access log and the metrics know about a finished request. */
export interface FinishedRequest {
  method: string;
  /** The path without the query string (which may carry search terms). */
  path: string;
  /** A bounded route label: `/graphql`, `/v0.1/servers`, ... or `other`. */
  route: string;
  status: number;
  ms: number;
  operationName: string | null;
  requestId: string | null;
  /** Error codes of the response (GraphQL `extensions.code` or the REST error code). */
  errorCodes: string[];
  /** The client went away before the response was complete. */
  aborted: boolean;
}

/**
 * Calls `onFinish` once per request, when the response is complete or the connection closed. Handlers
 * annotate the request's {@link outcomeOf} record on the way.
 */
export function onRequestFinished(onFinish: (request: FinishedRequest) => void): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const outcome = outcomeOf(res);
    res.once('close', () => {
      onFinish({
        method: req.method,
        path: req.originalUrl.split('?', 1)[0] ?? '',
        route: outcome.route !== 'other' ? outcome.route : routeTemplate(req),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        operationName: outcome.operationName,
        requestId: (res.locals.requestId as string | undefined) ?? null,
        errorCodes: outcome.errorCodes,
        aborted: !res.writableFinished,
      });
    });
    next();
  };
}

/**
 * The matched route's template (never the concrete URL, so the label stays bounded): the mount path
 * plus the route path, or `other` when nothing matched.
 */
function routeTemplate(req: Request): string {
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  const template = `${req.baseUrl ?? ''}${typeof routePath === 'string' ? routePath : ''}`;
  return template || 'other';
}

/**
 * Records the operation name and every error code (`extensions.code`, else `INTERNAL_SERVER_ERROR`) of
 * a GraphQL response into the request's outcome, found from the request's context by `outcomeFor`.
 */
export function graphqlOutcomePlugin<C extends BaseContext>(
  outcomeFor: (context: C) => RequestOutcome | undefined,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName }) {
          const outcome = outcomeFor(contextValue);
          if (!outcome) return;
          if (operationName) outcome.operationName = operationName;
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = error.extensions?.code;
            outcome.errorCodes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
          }
        },
      };
    },
  };
}
