import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { request } from 'undici';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<TData> {
  status: number;
  data?: TData | null;
  errors?: GraphQLErrorShape[];
  headers: Record<string, string | string[] | undefined>;
}

/** A typed client for the gateway: every end-to-end test talks to the platform only through this. */
export class GatewayClient {
  private readonly printed = new WeakMap<DocumentNode, string>();

  constructor(
    readonly baseUrl: string,
    private readonly apiKey?: string,
  ) {}

  /** The same client with another key (or anonymous with `undefined`). */
  as(apiKey: string | undefined): GatewayClient {
    return new GatewayClient(this.baseUrl, apiKey);
  }

  async execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    // Variables may be left out when every one of them is optional.
    ...variables: Record<string, never> extends TVariables
      ? [variables?: TVariables]
      : [variables: TVariables]
  ): Promise<GraphQLResponse<TData>> {
    let query = this.printed.get(document);
    if (!query) {
      query = print(document);
      this.printed.set(document, query);
    }
    return this.raw<TData>({ query, variables: variables[0] ?? {} });
  }

  /** Sends any body (used for malformed requests). */
  async raw<TData>(body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<TData>> {
    const response = await request(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = (await response.body.json()) as { data?: TData | null; errors?: GraphQLErrorShape[] };
    return { status: response.statusCode, data: json.data, errors: json.errors, headers: response.headers };
  }
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function expectData<TData>(response: GraphQLResponse<TData>): TData {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL request failed (HTTP ${response.status}): ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** The codes of a response's errors, e.g. ['FORBIDDEN']. */
export function errorCodes(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
