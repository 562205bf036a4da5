import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError, ERROR_CODES, type Logger, type Principal } from '@mcpr/platform';
import type { GatewayContext } from '../context';
import type { SecurityEvents } from '../events/security-events';
import { sendRestError } from '../hardening/http-errors';
import { outcomeOf } from '../observability/access-log';
import type { OperationClassifier } from '../rate-limit/classify';
import { enforceRateLimit } from '../rate-limit/enforce';
import type { GatewayRateLimiter } from '../rate-limit/limiter';
import { sendWithEtag } from './etag';
import { RestFailure, rootData, type ExecuteOperation } from './execute';
import { listServers, listVersions } from './listing';
import { officialPath, toServerResponse, type ServerResponse } from './official';
import {
  LIST_SERVERS,
  PUBLISH,
  SERVER_VERSION,
  SERVER_VERSIONS,
  SET_SERVER_STATUS,
  SET_VERSION_STATUS,
  VERSION_STATUS,
  type ServerData,
  type UserErrorData,
  type VersionData,
} from './operations';
import { booleanParam, listParams } from './params';

/** One validation problem, as `@mcpr/manifest` reports it. */
export interface ManifestIssueLike {
  severity: 'error' | 'warning';
  message: string;
  path: string[];
}

/** `validateManifest` of `@mcpr/manifest` (structurally), for `POST /v0.1/validate`. */
export type ManifestValidator = (
  manifest: unknown,
) =>
  | { ok: true; warnings: ManifestIssueLike[] }
  | { ok: false; errors: ManifestIssueLike[]; warnings: ManifestIssueLike[] };

export interface RestDeps {
  execute: ExecuteOperation;
  /** The caller (throws AppError UNAUTHENTICATED / UNAVAILABLE). */
  principalOf(req: Request): Promise<Principal>;
  contextFor(res: Response, principal: Principal): GatewayContext;
  classifier: OperationClassifier;
  rateLimiter?: GatewayRateLimiter;
  events: SecurityEvents;
  logger: Logger;
  bodyLimit: string;
  /** Without one, `POST /v0.1/validate` answers 501. */
  validateManifest?: ManifestValidator;
}

const STATUSES = ['active', 'deprecated', 'deleted'] as const;
type RestStatus = (typeof STATUSES)[number];
const STATUS_MESSAGE_MAX = 500;

/** `{ status, statusMessage? }` of the status PATCH endpoints. */
function statusUpdate(body: unknown): { status: RestStatus; statusMessage: string | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RestFailure(
      400,
      'BAD_REQUEST',
      'The request body must be a JSON object: { "status": "deprecated", "statusMessage": "..." }.',
    );
  }
  const { status, statusMessage } = body as Record<string, unknown>;
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    throw new RestFailure(
      400,
      'BAD_REQUEST',
      'Invalid status value: expected active, deprecated or deleted.',
    );
  }
  if (statusMessage !== undefined && statusMessage !== null && typeof statusMessage !== 'string') {
    throw new RestFailure(400, 'BAD_REQUEST', 'Invalid statusMessage: expected a string.');
  }
  const message = typeof statusMessage === 'string' && statusMessage.trim() ? statusMessage.trim() : null;
  if (message && message.length > STATUS_MESSAGE_MAX) {
    throw new RestFailure(
      400,
      'BAD_REQUEST',
      `Invalid statusMessage: at most ${STATUS_MESSAGE_MAX} characters.`,
    );
  }
  return { status: status as RestStatus, statusMessage: message };
}

/** `body.packages[0].transport.url` from a registry user-error path (`manifest`, `packages`, `0`, ...). */
function bodyLocation(path: readonly string[] | null): string {
  const rest = (path ?? []).slice(path?.[0] === 'manifest' ? 1 : 0);
  return rest.length ? `body.${officialPath(rest)}` : 'body';
}

/** Mutation user errors as an HTTP failure: 409 conflict, 404 missing, else 422 (validation). */
function userErrorFailure(userErrors: UserErrorData[], what: string): RestFailure {
  const errors = userErrors.map((error) => ({
    message: error.message,
    location: bodyLocation(error.path),
    code: error.code,
  }));
  const first = userErrors[0]!;
  const more = userErrors.length > 1 ? ` (and ${userErrors.length - 1} more)` : '';
  if (userErrors.some((error) => error.code === 'CONFLICT')) {
    const conflict = userErrors.find((error) => error.code === 'CONFLICT')!;
    return new RestFailure(409, 'CONFLICT', conflict.message, { errors });
  }
  if (first.code === 'NOT_FOUND') return new RestFailure(404, 'NOT_FOUND', first.message, { errors });
  return new RestFailure(422, 'BAD_USER_INPUT', `${what}: ${first.message}${more}`, { errors });
}

/**
 * Splits `/servers/<name>/...` into the server name and the rest. Names contain one `/`: clients send
 * it URL-encoded (`io.github.alice%2Fweather`, as the official API documents) or, leniently, as is.
 */
function serverPath(path: string): { name: string; rest: string[] } | undefined {
  let segments: string[];
  try {
    segments = path
      .split('/')
      .filter(Boolean)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  const [first, second, ...others] = segments;
  if (!first) return undefined;
  if (first.includes('/')) return { name: first, rest: segments.slice(1) };
  if (!second) return undefined;
  return { name: `${first}/${second}`, rest: others };
}

/**
 * The official generic registry REST API (`/v0.1/...`), answered by running GraphQL operations
 * through the gateway's own Apollo server: the same authentication, rate limits, document limits,
 * error masking and subgraph fan-out as GraphQL clients get. Reads carry ETags (304 on a match).
 */
export function restRouter(deps: RestDeps): Router {
  const router = Router();
  router.use(express.json({ limit: deps.bodyLimit }));

  const fail = (res: Response, error: unknown) => {
    if (error instanceof RestFailure) {
      if (
        error.status >= 500 &&
        error.code === 'INTERNAL_SERVER_ERROR' &&
        error.extra.correlationId === undefined
      ) {
        const correlationId = randomUUID();
        deps.logger.error({ correlationId, detail: error.detail ?? error.message }, 'internal error');
        sendRestError(res, 500, error.code, `Internal server error (correlation id ${correlationId}).`, {
          correlationId,
        });
        return;
      }
      sendRestError(res, error.status, error.code, error.message, error.extra);
      return;
    }
    if (error instanceof AppError) {
      sendRestError(res, ERROR_CODES[error.code].http, error.code, error.message);
      return;
    }
    const correlationId = randomUUID();
    deps.logger.error({ err: error, correlationId }, 'internal error');
    sendRestError(
      res,
      500,
      'INTERNAL_SERVER_ERROR',
      `Internal server error (correlation id ${correlationId}).`,
      { correlationId },
    );
  };

  /**
   * One endpoint: authenticates, charges the rate limit of `document` (the operation it runs), then
   * runs `handler` with the caller's context.
   */
  const endpoint =
    (
      route: string,
      operationName: string,
      document: string | null,
      handler: (req: Request, res: Response, context: GatewayContext) => Promise<void>,
    ): RequestHandler =>
    async (req, res) => {
      const outcome = outcomeOf(res);
      outcome.route = route;
      outcome.operationName = operationName;
      try {
        const principal = await deps.principalOf(req);
        const costs = document ? deps.classifier.classify(document).costs : { reads: 1 };
        const refusal = await enforceRateLimit(deps.rateLimiter, deps.events, res, principal, {
          operationName,
          costs,
        });
        if (refusal) {
          sendRestError(res, refusal.status, refusal.code, refusal.message, refusal.extensions);
          return;
        }
        await handler(req, res, deps.contextFor(res, principal));
      } catch (error) {
        fail(res, error);
      }
    };

  router.get('/health', (_req, res) => {
    outcomeOf(res).route = '/v0.1/health';
    res.json({ status: 'ok' });
  });

  router.get(
    '/servers',
    endpoint('/v0.1/servers', 'RestListServers', LIST_SERVERS, async (req, res, context) => {
      sendWithEtag(req, res, await listServers(deps.execute, context, listParams(req)));
    }),
  );

  const listVersionsOf = (name: string) =>
    endpoint(
      '/v0.1/servers/{name}/versions',
      'RestServerVersions',
      SERVER_VERSIONS,
      async (req, res, context) => {
        const versions = await listVersions(
          deps.execute,
          context,
          name,
          booleanParam(req, 'include_deleted'),
        );
        if (!versions || versions.length === 0) throw new RestFailure(404, 'NOT_FOUND', 'Server not found');
        sendWithEtag(req, res, { servers: versions, metadata: { count: versions.length } });
      },
    );

  const getVersion = (name: string, version: string) =>
    endpoint(
      '/v0.1/servers/{name}/versions/{version}',
      'RestServerVersion',
      SERVER_VERSION,
      async (req, res, context) => {
        const found = rootData<(VersionData & { server: ServerData }) | null>(
          await deps.execute(context, SERVER_VERSION, { name, version }),
          'serverVersion',
        );
        if (!found || (found.status === 'DELETED' && !booleanParam(req, 'include_deleted'))) {
          throw new RestFailure(404, 'NOT_FOUND', 'Server version not found');
        }
        sendWithEtag(req, res, toServerResponse(found.server, found));
      },
    );

  const patchVersionStatus = (name: string, version: string) =>
    endpoint(
      '/v0.1/servers/{name}/versions/{version}/status',
      'RestSetVersionStatus',
      SET_VERSION_STATUS,
      async (req, res, context) => {
        const update = statusUpdate(req.body);
        const current = rootData<{ status: string; statusMessage: string | null } | null>(
          await deps.execute(context, VERSION_STATUS, { name, version }),
          'serverVersion',
        );
        if (!current) throw new RestFailure(404, 'NOT_FOUND', 'Server version not found');
        if (
          current.status.toLowerCase() === update.status &&
          (current.statusMessage ?? null) === update.statusMessage
        ) {
          throw new RestFailure(
            400,
            'BAD_REQUEST',
            `No changes to apply: status is already ${update.status}`,
          );
        }
        const payload = rootData<{
          version: (VersionData & { server: ServerData }) | null;
          userErrors: UserErrorData[];
        }>(
          await deps.execute(context, SET_VERSION_STATUS, {
            input: { name, version, status: update.status.toUpperCase(), message: update.statusMessage },
          }),
          'setVersionStatus',
        );
        if (payload.userErrors.length || !payload.version)
          throw userErrorFailure(payload.userErrors, 'Invalid status update');
        res.json(toServerResponse(payload.version.server, payload.version));
      },
    );

  const patchServerStatus = (name: string) =>
    endpoint(
      '/v0.1/servers/{name}/status',
      'RestSetServerStatus',
      SET_SERVER_STATUS,
      async (req, res, context) => {
        const update = statusUpdate(req.body);
        const payload = rootData<{
          server: ServerData | null;
          versions: VersionData[];
          updatedCount: number;
          userErrors: UserErrorData[];
        }>(
          await deps.execute(context, SET_SERVER_STATUS, {
            input: { name, status: update.status.toUpperCase(), message: update.statusMessage },
          }),
          'setServerStatus',
        );
        if (payload.userErrors.length || !payload.server)
          throw userErrorFailure(payload.userErrors, 'Invalid status update');
        if (payload.updatedCount === 0) {
          throw new RestFailure(
            400,
            'BAD_REQUEST',
            `No changes to apply: every version is already ${update.status}`,
          );
        }
        const server = payload.server;
        res.json({
          updatedCount: payload.updatedCount,
          servers: payload.versions.map((version) => toServerResponse(server, version)),
        });
      },
    );

  router.all(/^\/servers\/.+/, async (req, res, next) => {
    const parsed = serverPath(req.path.slice('/servers/'.length));
    const rest = parsed?.rest ?? [];
    let methods: string | undefined;
    let handler: RequestHandler | undefined;
    if (parsed && rest.length === 1 && rest[0] === 'versions') {
      [methods, handler] = ['GET', listVersionsOf(parsed.name)];
    } else if (parsed && rest.length === 2 && rest[0] === 'versions') {
      [methods, handler] = ['GET', getVersion(parsed.name, rest[1]!)];
    } else if (parsed && rest.length === 3 && rest[0] === 'versions' && rest[2] === 'status') {
      [methods, handler] = ['PATCH', patchVersionStatus(parsed.name, rest[1]!)];
    } else if (parsed && rest.length === 1 && rest[0] === 'status') {
      [methods, handler] = ['PATCH', patchServerStatus(parsed.name)];
    }
    if (!methods || !handler) {
      outcomeOf(res).route = '/v0.1/servers/*';
      sendRestError(res, 404, 'NOT_FOUND', 'Not found');
      return;
    }
    if (req.method !== methods && !(req.method === 'HEAD' && methods === 'GET')) {
      outcomeOf(res).route = '/v0.1/servers/*';
      res.setHeader('Allow', methods);
      sendRestError(
        res,
        405,
        'BAD_REQUEST',
        `Method ${req.method} is not allowed here (allowed: ${methods}).`,
      );
      return;
    }
    await handler(req, res, next);
  });

  router.post(
    '/publish',
    endpoint('/v0.1/publish', 'RestPublish', PUBLISH, async (req, res, context) => {
      const manifest: unknown = req.body;
      if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
        throw new RestFailure(
          400,
          'BAD_REQUEST',
          'The request body must be a server.json object (Content-Type: application/json).',
        );
      }
      const payload = rootData<{
        version: (VersionData & { server: ServerData }) | null;
        warnings: { message: string; path: string[] }[];
        userErrors: UserErrorData[];
      }>(await deps.execute(context, PUBLISH, { manifest }), 'publishServer');
      if (payload.userErrors.length || !payload.version)
        throw userErrorFailure(payload.userErrors, 'Invalid server.json');
      const warnings = payload.warnings.map((warning) => ({
        message: warning.message,
        location: bodyLocation(warning.path),
      }));
      const response: ServerResponse = toServerResponse(
        payload.version.server,
        payload.version,
        warnings.length ? { warnings } : {},
      );
      res.json(response);
    }),
  );

  router.post(
    '/validate',
    endpoint('/v0.1/validate', 'RestValidate', null, async (req, res) => {
      if (!deps.validateManifest) {
        throw new RestFailure(501, 'UNAVAILABLE', 'Validation is not available on this gateway.');
      }
      const result = deps.validateManifest(req.body);
      const issues = [...(result.ok ? [] : result.errors), ...result.warnings].map((issue) => ({
        severity: issue.severity,
        message: issue.message,
        path: officialPath(issue.path),
      }));
      res.json({ valid: result.ok, issues });
    }),
  );

  router.use((req, res) => {
    outcomeOf(res).route = 'other';
    sendRestError(res, 404, 'NOT_FOUND', `Not found: ${req.method} /v0.1${req.path}`.slice(0, 300));
  });
  return router;
}
