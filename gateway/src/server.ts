import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Agent } from 'undici';
import {
  AppError,
  ERROR_CODES,
  REQUEST_ID_HEADER,
  createErrorFormatter,
  signGatewayToken,
  type EventBus,
  type Logger,
} from '@mcpr/platform';
import type { GatewayContext } from './context';
import { SignedSubgraphDataSource } from './subgraph-data-source';
import { authenticate } from './auth/authenticate';
import type { KeyVerifier } from './auth/key-verifier';
import { checkSubgraphs } from './readiness';
import { cors } from './cors';
import { SecurityEvents } from './events/security-events';
import { accessDeniedPlugin } from './events/access-denied.plugin';

export type SubgraphName = 'registry' | 'trust' | 'audit' | 'search';

export interface GatewayDeps {
  supergraphSdl: string;
  /** Base URL of each subgraph (GraphQL at `${url}/graphql`), mapped by name at start. */
  subgraphUrls: Record<SubgraphName, string>;
  secret: string;
  logger: Logger;
  agent: Agent;
  keyVerifier: KeyVerifier;
  introspection: boolean;
  corsOrigins: string[];
  bodyLimit?: string;
  /** Where security events (auth.failed, access.denied) go; none in unit tests. */
  bus?: EventBus;
}

export interface GatewayServer {
  app: Express;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The gateway: API-key authentication in front of @apollo/gateway over the committed supergraph. */
export function buildGateway(deps: GatewayDeps): GatewayServer {
  const securityEvents = new SecurityEvents(deps.bus, deps.logger);
  const gateway = new ApolloGateway({
    supergraphSdl: deps.supergraphSdl,
    buildService: ({ name }) => {
      const base = deps.subgraphUrls[name as SubgraphName];
      if (!base) throw new Error(`No URL configured for subgraph ${name}`);
      return new SignedSubgraphDataSource(name, `${base}/graphql`, deps.agent, deps.secret);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: deps.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(deps.logger),
    plugins: [ApolloServerPluginLandingPageDisabled(), accessDeniedPlugin(securityEvents)],
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(cors(deps.corsOrigins));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/ready', async (_req, res) => {
    const checks = await checkSubgraphs(deps.subgraphUrls, deps.agent);
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });

  const authenticateRequest = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const requestId = req.header(REQUEST_ID_HEADER) ?? randomUUID();
      const principal = await authenticate(req, deps.keyVerifier);
      res.locals.context = {
        principal,
        requestId,
        gatewayToken: signGatewayToken(principal, deps.secret),
      } satisfies GatewayContext;
      res.setHeader(REQUEST_ID_HEADER, requestId);
      next();
    } catch (error) {
      const appError =
        error instanceof AppError ? error : new AppError('INTERNAL_SERVER_ERROR', 'Internal server error.');
      if (!(error instanceof AppError)) deps.logger.error({ err: error }, 'authentication failed unexpectedly');
      if (appError.code === 'UNAUTHENTICATED') {
        const presented = /^Bearer\s+(\S+)/i.exec(req.header('authorization') ?? '')?.[1];
        securityEvents.authFailed(String(appError.extensions.reason ?? 'malformed'), req.ip, presented?.slice(0, 12));
      }
      res.status(ERROR_CODES[appError.code].http).json({
        errors: [{ message: appError.message, extensions: { ...appError.extensions, code: appError.code } }],
      });
    }
  };

  let started = false;
  return {
    app,
    async start() {
      if (started) return;
      started = true;
      await apollo.start();
      app.use(
        '/graphql',
        authenticateRequest,
        express.json({ limit: deps.bodyLimit ?? '1mb' }),
        expressMiddleware(apollo, { context: async ({ res }) => res.locals.context as GatewayContext }),
      );
    },
    async stop() {
      if (started) await apollo.stop();
    },
  };
}
