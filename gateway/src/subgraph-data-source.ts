import { Agent, request as undiciRequest } from 'undici';
import { GraphQLError } from 'graphql';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GATEWAY_TOKEN_HEADER, REQUEST_ID_HEADER, signGatewayToken } from '@mcpr/platform';
import type { GatewayContext } from './context';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Keep-alive connections to subgraphs, shared by every data source of one gateway. */
export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, connections: 64, pipelining: 1 });
}

/** Longest wait for a subgraph's answer; its own database limits (5 s per statement) keep it well under. */
const SUBGRAPH_TIMEOUT_MS = 15_000;

/**
 * Calls a subgraph over HTTP with the signed principal. It stands in for RemoteGraphQLDataSource, whose
 * default HTTP client (make-fetch-happen) was measured at about half of the gateway's CPU; this one is a
 * single undici.request on a keep-alive agent. A subgraph that cannot be reached yields UNAVAILABLE.
 */
export class SignedSubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    private readonly url: string,
    private readonly agent: Agent,
    private readonly secret: string,
  ) {}

  async process({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context?.principal) {
      headers[GATEWAY_TOKEN_HEADER] =
        context.gatewayToken ?? signGatewayToken(context.principal, this.secret);
      headers[REQUEST_ID_HEADER] = context.requestId;
    }
    const payload = JSON.stringify({
      query: request.query,
      variables: request.variables,
      operationName: request.operationName,
    });
    let statusCode: number;
    let text: string;
    try {
      const response = await undiciRequest(this.url, {
        method: 'POST',
        headers,
        body: payload,
        dispatcher: this.agent,
        // A frozen subgraph process must become UNAVAILABLE, not hold the request for undici's 300 s.
        headersTimeout: SUBGRAPH_TIMEOUT_MS,
        bodyTimeout: SUBGRAPH_TIMEOUT_MS,
      });
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw this.unavailable(`cannot be reached (${(error as Error).message})`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw this.unavailable(`answered HTTP ${statusCode} without JSON`);
    }
    if (typeof body !== 'object' || body === null || (!('data' in body) && !('errors' in body))) {
      throw this.unavailable(`answered HTTP ${statusCode} without a GraphQL response`);
    }
    if (statusCode === 401 && !(body as { data?: unknown }).data) {
      // The subgraph refused the gateway's token: a deployment fault, not the client's.
      throw this.unavailable('refused the gateway credentials (check GATEWAY_TOKEN_SECRET)');
    }
    return body as GatewayGraphQLResponse;
  }

  private unavailable(detail: string): GraphQLError {
    return new GraphQLError(`The ${this.subgraphName} service is unavailable.`, {
      extensions: { code: 'UNAVAILABLE', service: this.subgraphName, detail },
    });
  }
}
