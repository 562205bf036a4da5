import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import type { GraphQLSchema } from 'graphql';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger';
import { createErrorFormatter } from '../errors/format-error';
import { GATEWAY_TOKEN_HEADER, REQUEST_ID_HEADER, verifyGatewayToken } from '../auth/gateway-token';
import type { Principal } from '../auth/principal';
import { valueWithin } from '../events/async-timers';
import { createServiceMetrics, type ServiceMetrics } from '../observability/service-metrics';
import { graphqlOutcomePlugin, outcomeOf, type RequestOutcome } from '../observability/request-outcome';
import {
  dependencyChecks,
  readinessTransitions,
  runReadinessChecks,
  type ReadinessChecks,
  type ServiceDependencies,
} from './readiness';

/** What every subgraph request knows before its own context is built. */
export interface RequestInfo {
  principal: Principal;
  requestId: string;
  logger: Logger;
}

export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  logger: Logger;
  /** Verifies the gateway token; without a valid one every GraphQL operation is refused. */
  gatewayTokenSecret: string;
  createContext: (info: RequestInfo) => C | Promise<C>;
  /**
   * The dependencies /ready checks the standard way: `database` (`select 1` through the ORM, bounded)
   * and `bus` (the event bus; Redis answers PING).
   */
  dependencies?: ServiceDependencies;
  /** Further named readiness checks (e.g. the registry's admin key), each bounded like the standard ones. */
  checks?: ReadinessChecks;
  /** Readiness computed by the service as a whole (named results), merged into the checks above. */
  readiness?: () => Promise<Record<string, boolean>>;
  /** Metrics served at /metrics (default: a registry of this service's own, labelled with `name`). */
  metrics?: ServiceMetrics;
  /** Extra routes outside GraphQL (e.g. the registry's internal key lookup), mounted before /graphql. */
  routes?: (app: Express) => void;
  plugins?: ApolloServerPlugin<C>[];
  introspection?: boolean;
  /** Maximum JSON body size. */
  bodyLimit?: string;
}

export interface SubgraphServer {
  app: Express;
  apollo: ApolloServer<BaseContext>;
  /** What /metrics serves; relays and consumers of the service report into it too. */
  metrics: ServiceMetrics;
  /** Starts Apollo and mounts /graphql; call once before listening. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Where a request's context carries its outcome record (for the metrics plugin). */
const OUTCOME = Symbol('mcpr.requestOutcome');

/** How long /ready waits for a service's own `readiness` function. */
const SERVICE_READINESS_TIMEOUT_MS = 2_000;

/**
 * The shared subgraph bootstrap: POST /graphql behind the gateway-token check, /health, /ready (each
 * dependency checked; 503 naming the failing ones), /metrics (request rate, latency per GraphQL
 * operation, errors by code, and whatever the service's relay and consumers report).
 * Each subgraph's `buildServer(deps)` calls this with its schema and context factory.
 */
export function createSubgraphServer<C extends BaseContext>(
  options: SubgraphServerOptions<C>,
): SubgraphServer {
  const metrics = options.metrics ?? createServiceMetrics(options.name);
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    introspection: options.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    // runUntilSignal closes every service in order. Apollo's own handler (on outside NODE_ENV=test) would
    // stop this server and re-send the signal, which cuts that close short with exit code 1.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(options.logger),
    plugins: [
      // No @cacheControl hints exist and the gateway forwards no Cache-Control, so the default plugin only
      // wrapped every field resolver (willResolveField) for a policy nobody reads.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      graphqlOutcomePlugin<C>((context) => (context as { [OUTCOME]?: RequestOutcome })[OUTCOME]),
      ...(options.plugins ?? []),
    ],
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(metrics.middleware);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  const checks: ReadinessChecks = { ...dependencyChecks(options.dependencies), ...options.checks };
  const logTransitions = readinessTransitions(options.logger, options.name);
  app.get('/ready', async (_req, res) => {
    const [report, own] = await Promise.all([
      runReadinessChecks(checks),
      options.readiness
        ? valueWithin(options.readiness(), SERVICE_READINESS_TIMEOUT_MS, { readiness: false })
        : Promise.resolve<Record<string, boolean>>({}),
    ]);
    const all: Record<string, boolean> = { ...report.checks, ...own };
    const failing = Object.keys(all).filter((name) => !all[name]);
    logTransitions({ ready: failing.length === 0, checks: all, failing });
    res.status(failing.length ? 503 : 200).json({
      status: failing.length ? 'unavailable' : 'ready',
      service: options.name,
      checks: all,
      ...(failing.length ? { failing } : {}),
    });
  });
  app.get('/metrics', metrics.handler);
  options.routes?.(app);

  const requireGatewayToken = (req: Request, res: Response, next: NextFunction) => {
    const claims = verifyGatewayToken(req.header(GATEWAY_TOKEN_HEADER), options.gatewayTokenSecret);
    if (!claims) {
      outcomeOf(res).errorCodes.push('UNAUTHENTICATED');
      res.status(401).json({
        errors: [
          {
            message: `${options.name} only answers requests signed by the gateway; send them through the gateway.`,
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      return;
    }
    res.locals.principal = claims.principal;
    next();
  };

  let started = false;
  return {
    app,
    apollo: apollo as unknown as ApolloServer<BaseContext>,
    metrics,
    async start() {
      if (started) return;
      started = true;
      await apollo.start();
      app.use(
        '/graphql',
        (_req: Request, res: Response, next: NextFunction) => {
          outcomeOf(res).route = '/graphql';
          next();
        },
        requireGatewayToken,
        express.json({ limit: options.bodyLimit ?? '1mb' }),
        expressMiddleware(apollo, {
          context: async ({ req, res }) => {
            const requestId = req.header(REQUEST_ID_HEADER) ?? randomUUID();
            const context = await options.createContext({
              principal: res.locals.principal as Principal,
              requestId,
              logger: options.logger.child({ requestId }),
            });
            // Apollo plugins see the context, not the response. A symbol key: invisible to resolvers, and
            // kept by Apollo's per-operation shallow copy of the context (which a WeakMap would not be).
            return Object.assign(context, { [OUTCOME]: outcomeOf(res) });
          },
        }),
      );
    },
    async stop() {
      if (started) await apollo.stop();
    },
  };
}
