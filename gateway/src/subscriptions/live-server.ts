import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, isErrorCode, type EventBus, type Logger } from '@mcpr/platform';
import { loadApiSdl } from '@mcpr/schema';
import type { KeyVerifier } from '../auth/key-verifier';
import { SecurityEvents } from '../events/security-events';
import { AnalyticsTicker, type AnalyticsSource } from './analytics-feed';
import { LiveConnections, type LiveConnection, type LiveStats } from './connection';
import {
  authenticateConnection,
  clientIpResolver,
  CLOSE_TRY_AGAIN_LATER,
  CLOSE_UNAUTHORIZED,
} from './connection-auth';
import { GatewayEntityFetcher, liveFieldResolver } from './entity-fetcher';
import { resolveLiveLimits, type LiveLimits } from './limits';
import { LiveExecutor } from './live-execution';
import { LiveFeed } from './live-feed';
import { buildLiveSchema, type LiveOperationContext } from './live-schema';
import { documentLimitErrors } from './document-limits';
import { serveGraphqlWs, type WsExtra } from './ws-adapter';

export interface AttachSubscriptionsOptions {
  /** The platform bus: this replica subscribes with its own group and fans out in memory. */
  bus: EventBus;
  /** The same verifier (and cache) as HTTP authentication. */
  keyVerifier: KeyVerifier;
  logger: Logger;
  /** The API schema live documents validate against (default: the committed `schema/api.graphql`). */
  apiSchemaSdl?: string;
  limits?: Partial<LiveLimits>;
  /** Where analytics snapshots come from (e.g. `auditAnalyticsSource`); absent: `analytics` is UNAVAILABLE. */
  analytics?: AnalyticsSource;
  /** Path of the endpoint (default `/graphql`, the same as HTTP GraphQL). */
  path?: string;
  /** Introspection over graphql-ws (default false). */
  introspection?: boolean;
  /** Where auth.failed / access.denied go (default: published on `bus`). */
  securityEvents?: SecurityEvents;
  /** The gateway's TRUST_PROXY (default `loopback`): whose X-Forwarded-For names the client. */
  trustProxy?: string;
}

/** The running endpoint. */
export interface LiveSubscriptions {
  stats(): LiveStats;
  /** Closes every connection (1001), stops the feed and the analytics ticker, detaches from the server. */
  close(): Promise<void>;
}

const ONLY_SUBSCRIPTIONS =
  'Only subscriptions are served over graphql-ws; send queries and mutations as HTTP POST /graphql.';

/**
 * Serves GraphQL subscriptions over graphql-ws (`graphql-transport-ws`) on the gateway's HTTP server, at
 * the same path as HTTP GraphQL (ARCHITECTURE §7; @apollo/gateway cannot execute subscriptions):
 *
 * - authentication by the `connection_init` payload `{ authorization: "Bearer mcpr_…" }` with the HTTP
 *   key verifier; a bad key closes the socket with 4401 and emits `auth.failed`; a revoked key's
 *   connections close at once (the `apikey.revoked` event), an expiring key's at its expiry;
 * - documents validate against the API schema with the HTTP document limits; only subscriptions run;
 * - `activity` streams bus events (visibility by scope, type and subject-prefix filters), `analytics`
 *   pushes snapshots from the audit subgraph every interval;
 * - backpressure: bounded per-subscription queues (drop-oldest, counted in the next message's
 *   `extensions.dropped`, or disconnect), caps per connection, per key and per anonymous network, a
 *   connection cap, idle connections closed, dead peers terminated by ping/pong.
 */
export async function attachSubscriptions(
  httpServer: HttpServer,
  options: AttachSubscriptionsOptions,
): Promise<LiveSubscriptions> {
  const limits = resolveLiveLimits(options.limits);
  const logger = options.logger;
  const path = options.path ?? '/graphql';
  const securityEvents = options.securityEvents ?? new SecurityEvents(options.bus, logger);
  const connections = new LiveConnections(limits, logger, clientIpResolver(options.trustProxy));
  const feed = await LiveFeed.start(options.bus, logger);
  const ticker = options.analytics ? new AnalyticsTicker(options.analytics, logger) : undefined;
  const ownUrl = () => {
    const address = httpServer.address() as AddressInfo | null;
    if (!address || typeof address !== 'object') return undefined;
    const host =
      address.address === '0.0.0.0' || address.address === '::' || address.address === ''
        ? '127.0.0.1'
        : address.family === 'IPv6'
          ? `[${address.address}]`
          : address.address;
    return `http://${host}:${address.port}${path}`;
  };
  const schema = buildLiveSchema(options.apiSchemaSdl ?? loadApiSdl(), {
    feed,
    ticker,
    entities: new GatewayEntityFetcher(ownUrl),
    limits,
  });
  const executor = new LiveExecutor();

  // A revoked key loses its live connections at once (HTTP requests are refused within the cache TTL).
  const stopRevocations = feed.listen((event) => {
    if (event.type !== 'apikey.revoked' || !event.subject) return;
    options.keyVerifier.invalidate(event.subject);
    const closed = connections.closeByKeyId(event.subject, CLOSE_UNAUTHORIZED, 'API key revoked');
    if (closed > 0) logger.info({ keyId: event.subject, closed }, 'closed live connections of a revoked key');
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
  });
  // Registered before graphql-ws's own listener: the connection exists when its hooks run.
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    connections.open(socket, request);
  });

  const serverOptions: ServerOptions<Record<string, unknown>, WsExtra> = {
    schema,
    connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
    onConnect: async (ctx) => {
      const connection = connections.of(ctx.extra.socket);
      if (!connection) return false;
      const params = ctx.connectionParams;
      const verdict = await authenticateConnection(params, connection.clientIp, options.keyVerifier);
      if (!verdict.ok) {
        if (verdict.unavailable) {
          connection.close(CLOSE_TRY_AGAIN_LATER, verdict.message);
        } else {
          securityEvents.authFailed(verdict.reason, connection.clientIp, verdict.keyPrefix);
          connection.close(CLOSE_UNAUTHORIZED, `Unauthorized: ${verdict.message}`);
        }
        return false;
      }
      const raw = params?.authorization ?? params?.Authorization;
      connection.accepted(verdict.principal, typeof raw === 'string' ? raw : undefined, () =>
        connection.close(CLOSE_UNAUTHORIZED, 'API key expired'),
      );
      return true;
    },
    onSubscribe: (ctx, _id, payload) => {
      const connection = connections.of(ctx.extra.socket);
      if (!connection)
        return [new GraphQLError('The connection is closing.', { extensions: { code: 'BAD_REQUEST' } })];
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: limits.maxTokens });
      } catch (error) {
        return [coded(error instanceof GraphQLError ? error.message : String(error), 'GRAPHQL_PARSE_FAILED')];
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [coded('Unable to identify the operation.', 'BAD_REQUEST')];
      if (operation.operation !== 'subscription') return [coded(ONLY_SUBSCRIPTIONS, 'BAD_REQUEST')];
      const rules = options.introspection
        ? specifiedRules
        : [...specifiedRules, NoSchemaIntrospectionCustomRule];
      const invalid = [...validate(schema, document, rules), ...documentLimitErrors(document, limits)];
      if (invalid.length > 0) {
        return invalid.map((error) =>
          error.extensions.code ? error : coded(error.message, 'GRAPHQL_VALIDATION_FAILED', error),
        );
      }
      const refusal = connection.refusal();
      if (refusal) return [coded(refusal, 'RATE_LIMITED')];
      const contextValue: LiveOperationContext = {
        connection,
        documentKey: documentKey(payload.query, payload.operationName, payload.variables, connection),
      };
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue,
        fieldResolver: liveFieldResolver,
      };
    },
    subscribe: executor.subscribe,
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors?.length ? formatResult(result as ExecutionResult, logger) : undefined,
    onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error, logger)),
  };
  const server = serveGraphqlWs(serverOptions, wss, {
    keepAliveMs: limits.keepAliveMs,
    highWaterBytes: limits.sendBufferBytes,
    logger,
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (request.url ?? '').split('?')[0];
    if (pathname !== path) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (connections.size >= limits.maxConnections) {
      logger.warn(
        { maxConnections: limits.maxConnections },
        'live connection refused: at the connection cap',
      );
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);

  let closing: Promise<void> | undefined;
  return {
    stats: () => connections.stats(),
    close: () =>
      (closing ??= (async () => {
        httpServer.off('upgrade', onUpgrade);
        stopRevocations();
        ticker?.close();
        await server.dispose();
        await feed.close();
      })()),
  };
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function coded(message: string, code: string, source?: GraphQLError): GraphQLError {
  return new GraphQLError(message, { nodes: source?.nodes, extensions: { code } });
}

/** Results with equal keys are computed once: same document, variables and caller (entity lookups use the caller). */
function documentKey(
  query: string,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  connection: LiveConnection,
): string {
  const caller = connection.principal.kind === 'key' ? `key:${connection.principal.keyId}` : 'anonymous';
  return createHash('sha256')
    .update(JSON.stringify([query, operationName ?? null, variables ?? null, caller]))
    .digest('base64url');
}

/** Errors leave with a public code; anything unexpected is masked with a logged correlation id (as on HTTP). */
export function formatError(error: GraphQLError, logger: Logger): GraphQLFormattedError {
  const original = error.originalError;
  if (original instanceof AppError) {
    return {
      message: original.message,
      ...(error.locations ? { locations: error.locations } : {}),
      ...(error.path ? { path: error.path } : {}),
      extensions: { ...original.extensions, code: original.code },
    };
  }
  const code = error.extensions?.code;
  if (
    typeof code === 'string' &&
    code !== 'INTERNAL_SERVER_ERROR' &&
    (isErrorCode(code) || code === 'BAD_REQUEST')
  ) {
    return error.toJSON();
  }
  if (!original || original instanceof GraphQLError) {
    // Raised by graphql-js itself (variable coercion, …): the client's mistake.
    return { ...error.toJSON(), extensions: { ...error.extensions, code: code ?? 'BAD_USER_INPUT' } };
  }
  const correlationId = randomUUID();
  logger.error({ err: original, correlationId, path: error.path }, 'live operation failed');
  return {
    message: `Internal server error (correlation id ${correlationId}).`,
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  };
}

function formatResult(result: ExecutionResult, logger: Logger): FormattedExecutionResult {
  return {
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.extensions ? { extensions: result.extensions } : {}),
    errors: (result.errors ?? []).map((error) => formatError(error, logger)),
  };
}
