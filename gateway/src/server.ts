import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { Agent } from 'undici';
import {
  AppError,
  createServiceMetrics,
  ERROR_CODES,
  onRequestFinished,
  outcomeOf,
  runReadinessChecks,
  signGatewayToken,
  type EventBus,
  type Logger,
  type Principal,
  type ServiceMetrics,
} from '@mcpr/platform';
import type { GatewayContext } from './context';
import { SignedSubgraphDataSource } from './subgraph-data-source';
import { authenticate } from './auth/authenticate';
import type { KeyVerifier } from './auth/key-verifier';
import { gatewayReadinessChecks } from './readiness';
import { cors } from './cors';
import { SecurityEvents } from './events/security-events';
import { accessDeniedPlugin } from './events/access-denied.plugin';
import {
  DEFAULT_GRAPHQL_LIMITS,
  graphqlArmor,
  parseOptionsFor,
  type GraphQLLimits,
} from './hardening/graphql-limits';
import { createGatewayErrorFormatter } from './hardening/format-error';
import { httpErrorHandler, sendGraphQLError, sendRestError } from './hardening/http-errors';
import { rejectBatchedRequests } from './hardening/graphql-request';
import { operationGuardPlugin } from './hardening/operation-guard.plugin';
import { assignRequestId, requestIdOf } from './observability/request-id';
import { accessLogLine } from './observability/access-log';
import { outcomePlugin } from './observability/outcome.plugin';
import { OperationClassifier } from './rate-limit/classify';
import { GatewayRateLimiter, type RateLimitSettings } from './rate-limit/limiter';
import { enforceRateLimit } from './rate-limit/enforce';
import { restRouter, type ManifestValidator } from './rest/router';
import type { ExecuteOperation } from './rest/execute';

export type SubgraphName = 'registry' | 'trust' | 'audit' | 'search';

export interface GatewayDeps {
  supergraphSdl: string;
  /** Base URL of each subgraph (GraphQL at `${url}/graphql`), mapped by name at start. */
  subgraphUrls: Record<SubgraphName, string>;
  secret: string;
  logger: Logger;
  agent: Agent;
  keyVerifier: KeyVerifier;
  /** Introspection and field suggestions ("Did you mean …"): development or GRAPHQL_INTROSPECTION only. */
  introspection: boolean;
  corsOrigins: string[];
  /**
   * express's `trust proxy` (default `loopback`): which proxies' X-Forwarded-For is believed for the
   * client address that anonymous rate limits and security events use.
   */
  trustProxy?: string;
  /** Largest accepted request body (default `1mb`). */
  bodyLimit?: string;
  /** Document limits (default {@link DEFAULT_GRAPHQL_LIMITS}). */
  limits?: GraphQLLimits;
  /** Manifest validation for `POST /v0.1/validate` (`validateManifest` of @mcpr/manifest). */
  validateManifest?: ManifestValidator;
  /** Per-IP / per-key budgets; absent or `enabled: false` = no rate limits. */
  rateLimits?: RateLimitSettings;
  /** Prometheus metrics served at /metrics (default: a registry of the gateway's own). */
  metrics?: ServiceMetrics;
  /** Where security events (auth.failed, access.denied, ratelimit.exceeded) go; none in unit tests. */
  bus?: EventBus;
}

/** A hop count (`1`) is a number for express; anything else (names, CIDR lists) stays a string. */
function trustProxySetting(value: string): string | number | boolean {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

export interface GatewayServer {
  app: Express;
  /** The gateway's Prometheus metrics (its event consumers attach to them through `observeBus`). */
  metrics: ServiceMetrics;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The gateway: @apollo/gateway over the committed supergraph, behind request ids, access logs and
 * metrics, CORS, API-key authentication, body and document limits (graphql-armor), per-IP / per-key
 * rate limits and masked internal errors; plus the official REST API (`/v0.1`), which runs its
 * GraphQL operations through the same Apollo server and so gets the same protections.
 */
export function buildGateway(deps: GatewayDeps): GatewayServer {
  const securityEvents = new SecurityEvents(deps.bus, deps.logger);
  const limits = deps.limits ?? DEFAULT_GRAPHQL_LIMITS;
  const classifier = new OperationClassifier(limits.maxTokens);
  const rateLimiter = deps.rateLimits ? GatewayRateLimiter.create(deps.rateLimits, deps.logger) : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: deps.supergraphSdl,
    buildService: ({ name }) => {
      const base = deps.subgraphUrls[name as SubgraphName];
      if (!base) throw new Error(`No URL configured for subgraph ${name}`);
      return new SignedSubgraphDataSource(name, `${base}/graphql`, deps.agent, deps.secret);
    },
  });
  const armor = graphqlArmor(limits, { suggestions: deps.introspection });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    ...armor,
    introspection: deps.introspection,
    parseOptions: parseOptionsFor(limits),
    includeStacktraceInErrorResponses: false,
    // runUntilSignal closes every service in order. Apollo's own handler (on outside NODE_ENV=test) would
    // stop this server and re-send the signal, which cuts that close short with exit code 1.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    formatError: createGatewayErrorFormatter(deps.logger),
    plugins: [
      ...armor.plugins,
      // No Cache-Control is served from GraphQL (subgraphs send no hints), so no per-request policy either.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      operationGuardPlugin(),
      accessDeniedPlugin(securityEvents),
      outcomePlugin(),
    ],
  });

  /** The caller, or an AppError (UNAUTHENTICATED, UNAVAILABLE) already reported as a security event. */
  const principalOf = async (req: Request): Promise<Principal> => {
    try {
      return await authenticate(req, deps.keyVerifier);
    } catch (error) {
      const appError =
        error instanceof AppError
          ? error
          : new AppError('UNAVAILABLE', 'API keys cannot be verified right now; retry shortly.');
      if (!(error instanceof AppError))
        deps.logger.error({ err: error }, 'authentication failed unexpectedly');
      if (appError.code === 'UNAUTHENTICATED') {
        const presented = /^Bearer\s+(\S+)/i.exec(req.header('authorization') ?? '')?.[1];
        securityEvents.authFailed(
          String(appError.extensions.reason ?? 'malformed'),
          req.ip,
          presented?.slice(0, 12),
        );
      }
      throw appError;
    }
  };

  const contextFor = (res: Response, principal: Principal): GatewayContext => ({
    principal,
    requestId: requestIdOf(res),
    gatewayToken: signGatewayToken(principal, deps.secret),
    outcome: outcomeOf(res),
  });

  const authenticateRequest = async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.context = contextFor(res, await principalOf(req));
      next();
    } catch (error) {
      const appError = error as AppError;
      sendGraphQLError(
        res,
        ERROR_CODES[appError.code].http,
        appError.code,
        appError.message,
        appError.extensions,
      );
    }
  };

  /** Classifies the operation by its root fields and charges the caller's budgets. */
  const limitRate = async (req: Request, res: Response, next: NextFunction) => {
    const source = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    const classification = classifier.classify(source?.query, source?.operationName);
    const outcome = outcomeOf(res);
    outcome.operationName =
      classification.operationName ??
      (typeof source?.operationName === 'string' ? source.operationName.slice(0, 100) : null);
    const { principal } = res.locals.context as GatewayContext;
    const refusal = await enforceRateLimit(rateLimiter, securityEvents, res, principal, classification);
    if (refusal) {
      sendGraphQLError(res, refusal.status, refusal.code, refusal.message, refusal.extensions);
      return;
    }
    next();
  };

  /** Runs an operation through this Apollo server (the REST API's way into the graph). */
  const execute: ExecuteOperation = async (contextValue, query, variables) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return { data: response.body.singleResult.data, errors: response.body.singleResult.errors ?? [] };
  };

  const metrics = deps.metrics ?? createServiceMetrics('gateway');
  const logRequest = accessLogLine(deps.logger);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(deps.trustProxy ?? 'loopback'));
  app.use(assignRequestId);
  app.use(
    onRequestFinished((request) => {
      logRequest(request);
      metrics.observe(request);
    }),
  );
  app.use(cors(deps.corsOrigins));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/metrics', metrics.handler);
  const readinessChecks = gatewayReadinessChecks(deps.subgraphUrls, deps.agent, deps.bus);
  app.get('/ready', async (_req, res) => {
    const report = await runReadinessChecks(readinessChecks);
    res.status(report.ready ? 200 : 503).json({
      status: report.ready ? 'ready' : 'unavailable',
      checks: report.checks,
      ...(report.ready ? {} : { failing: report.failing }),
    });
  });

  let started = false;
  return {
    app,
    metrics,
    async start() {
      if (started) return;
      started = true;
      await apollo.start();
      if (rateLimiter && !(await rateLimiter.connected())) {
        deps.logger.warn('rate-limit store (Redis) not reachable at start: reads use in-memory limits');
      }
      app.use(
        '/graphql',
        (_req: Request, res: Response, next: NextFunction) => {
          outcomeOf(res).route = '/graphql';
          next();
        },
        authenticateRequest,
        express.json({ limit: deps.bodyLimit ?? '1mb' }),
        rejectBatchedRequests,
        limitRate,
        expressMiddleware(apollo, { context: async ({ res }) => res.locals.context as GatewayContext }),
      );
      app.use(
        '/v0.1',
        restRouter({
          execute,
          principalOf,
          contextFor,
          classifier,
          rateLimiter,
          events: securityEvents,
          logger: deps.logger,
          bodyLimit: deps.bodyLimit ?? '1mb',
          validateManifest: deps.validateManifest,
        }),
      );
      app.use((req: Request, res: Response) => {
        sendRestError(res, 404, 'NOT_FOUND', `Not found: ${req.method} ${req.path}`.slice(0, 300));
      });
      app.use(httpErrorHandler(deps.logger));
    },
    async stop() {
      if (started) await apollo.stop();
      await rateLimiter?.close();
    },
  };
}
