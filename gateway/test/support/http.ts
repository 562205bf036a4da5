import { request } from 'undici';

export interface HttpResult<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

/** One HTTP request to the gateway; the body is parsed as JSON when it is JSON. */
export async function http<T = any>(
  url: string,
  options: {
    method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';
    body?: unknown;
    /** Sent as is (no JSON encoding). */
    rawBody?: string | Buffer;
    key?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
  }
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const response = await request(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.statusCode, headers: response.headers, body: parsed as T, text };
}

/** A GraphQL request to `${base}/graphql`. */
export function gql(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { key?: string; headers?: Record<string, string>; operationName?: string } = {},
): Promise<HttpResult> {
  return http(`${base}/graphql`, {
    body: { query, variables, ...(options.operationName ? { operationName: options.operationName } : {}) },
    key: options.key,
    headers: options.headers,
  });
}

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** `extensions.code` of every error (undefined where one is missing). */
export const codes = (result: HttpResult): (string | undefined)[] =>
  ((result.body?.errors ?? []) as GraphQLErrorBody[]).map((error) => error.extensions?.code);
