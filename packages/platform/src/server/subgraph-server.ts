import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import type { GraphQLSchema } from 'graphql';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger';
import { createErrorFormatter } from '../errors/format-error';
import { GATEWAY_TOKEN_HEADER, REQUEST_ID_HEADER, verifyGatewayToken } from '../auth/gateway-token';
import type { Principal } from '../auth/principal';

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
  /** Named readiness checks for /ready (each true when its dependency answers). */
  readiness?: () => Promise<Record<string, boolean>>;
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
  /** Starts Apollo and mounts /graphql; call once before listening. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The shared subgraph bootstrap: POST /graphql behind the gateway-token check, /health, /ready.
 * Each subgraph's `buildServer(deps)` calls this with its schema and context factory.
 */
export function createSubgraphServer<C extends BaseContext>(
  options: SubgraphServerOptions<C>,
): SubgraphServer {
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    introspection: options.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(options.logger),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ...(options.plugins ?? []),
    ],
  });

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/ready', async (_req, res) => {
    const checks = options.readiness ? await options.readiness().catch(() => ({ readiness: false })) : {};
    const ready = Object.values(checks).every(Boolean);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', service: options.name, checks });
  });
  options.routes?.(app);

  const requireGatewayToken = (req: Request, res: Response, next: NextFunction) => {
    const claims = verifyGatewayToken(req.header(GATEWAY_TOKEN_HEADER), options.gatewayTokenSecret);
    if (!claims) {
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
    async start() {
      if (started) return;
      started = true;
      await apollo.start();
      app.use(
        '/graphql',
        requireGatewayToken,
        express.json({ limit: options.bodyLimit ?? '1mb' }),
        expressMiddleware(apollo, {
          context: async ({ req, res }) => {
            const requestId = req.header(REQUEST_ID_HEADER) ?? randomUUID();
            return options.createContext({
              principal: res.locals.principal as Principal,
              requestId,
              logger: options.logger.child({ requestId }),
            });
          },
        }),
      );
    },
    async stop() {
      if (started) await apollo.stop();
    },
  };
}
