import { print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Agent, request } from 'undici';
import { apiKeyProblem } from './api-key';
import { describeKeySource, noKeyError, type ResolvedConfig } from './config';
import { CliError, ExitCode } from './errors';

interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; correlationId?: string; [key: string]: unknown };
}

export interface ClientOptions {
  config: Pick<ResolvedConfig, 'url' | 'apiKey' | 'apiKeySource' | 'configDir'>;
  /** Per-request timeout (connect + headers + body). */
  timeoutMs?: number;
  userAgent?: string;
  /** Called with the messages of field errors when the rest of the data came back (partial results). */
  onPartial?: (messages: string[]) => void;
}

/** The root field a document asks for, for messages ("the registry does not serve `vet`"). */
function rootField(document: DocumentNode): string {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
  );
  const first = operation?.selectionSet.selections[0];
  return first && first.kind === 'Field' ? first.name.value : 'query';
}

/**
 * Typed GraphQL over HTTP (undici) against the gateway, turning every failure into a `CliError` with the
 * right exit code and what to do next: no answer → 4, UNAUTHENTICATED/FORBIDDEN → 3, a request the
 * server's schema does not know (an older registry) → 4.
 */
export class RegistryClient {
  readonly endpoint: string;
  private readonly agent: Agent;
  private readonly printed = new WeakMap<DocumentNode, string>();

  constructor(private readonly options: ClientOptions) {
    this.endpoint = `${options.config.url}/graphql`;
    const timeout = options.timeoutMs ?? 30_000;
    this.agent = new Agent({ connectTimeout: timeout, headersTimeout: timeout, bodyTimeout: timeout });
  }

  get hasKey(): boolean {
    return this.options.config.apiKey !== undefined;
  }

  /** Fails with exit 3 before any request when no key is set or the key is malformed. */
  requireKey(): void {
    if (!this.options.config.apiKey) throw noKeyError();
    this.checkKeyShape();
  }

  private checkKeyShape(): void {
    const key = this.options.config.apiKey;
    if (!key) return;
    const reason = apiKeyProblem(key);
    if (reason) {
      throw new CliError(
        `${describeKeySource(this.options.config)} is not an MCP Registry API key: ${reason}`,
        ExitCode.AUTH,
        'copy the key again (it looks like mcpr_ followed by 36 letters and digits), then run `mcpm login`',
      );
    }
  }

  async execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ): Promise<TData> {
    this.checkKeyShape();
    let query = this.printed.get(document);
    if (!query) {
      query = print(document);
      this.printed.set(document, query);
    }
    const field = rootField(document);
    const { apiKey } = this.options.config;
    let status: number;
    let text: string;
    let headers: Record<string, string | string[] | undefined>;
    try {
      const response = await request(this.endpoint, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          'user-agent': this.options.userAgent ?? 'mcpm',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      status = response.statusCode;
      headers = response.headers;
      text = await response.body.text();
    } catch (error) {
      const cause = error as Error & { code?: string; cause?: { code?: string; message?: string } };
      const code = cause.code ?? cause.cause?.code;
      throw new CliError(
        `cannot reach the registry at ${this.endpoint} (${code ?? cause.message})`,
        ExitCode.UNAVAILABLE,
        'check that it is running and that MCPR_URL (or --url) is the gateway base URL, e.g. http://127.0.0.1:4000',
      );
    }

    let body: { data?: TData | null; errors?: GraphQLErrorShape[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new CliError(
        `the registry at ${this.endpoint} answered HTTP ${status} without a GraphQL response`,
        ExitCode.UNAVAILABLE,
        status === 404
          ? 'MCPR_URL must be the gateway base URL; mcpm appends /graphql itself'
          : 'try again later, or check MCPR_URL',
      );
    }
    const errors = body.errors ?? [];
    if (errors.length === 0 && body.data) return body.data;
    this.raise(errors, status, headers, field, body.data ?? null);
    return body.data as TData;
  }

  /** Throws for a failed response; returns only for partial data worth showing. */
  private raise(
    errors: GraphQLErrorShape[],
    status: number,
    headers: Record<string, string | string[] | undefined>,
    field: string,
    data: unknown,
  ): void {
    const codes = errors.map((error) => error.extensions?.code ?? '');
    const messages = errors.map((error) => error.message);
    const first = (code: string) => errors.find((error) => error.extensions?.code === code);

    if (codes.includes('UNAUTHENTICATED') || status === 401) {
      const message = first('UNAUTHENTICATED')?.message ?? messages[0] ?? 'unauthenticated';
      if (!this.options.config.apiKey) {
        throw new CliError(
          `${field} needs an API key: ${message}`,
          ExitCode.AUTH,
          'run `mcpm login`, or set MCPR_API_KEY',
        );
      }
      throw new CliError(
        `the registry did not accept ${describeKeySource(this.options.config)}: ${message}`,
        ExitCode.AUTH,
        'the key may be revoked or expired: run `mcpm login` with a current key, or set MCPR_API_KEY',
      );
    }
    if (codes.includes('FORBIDDEN') || status === 403) {
      throw new CliError(
        `not allowed: ${first('FORBIDDEN')?.message ?? messages[0] ?? 'forbidden'}`,
        ExitCode.AUTH,
        'use a key whose scopes and namespaces cover this (`mcpm whoami` shows yours), or ask an admin for one',
      );
    }
    if (codes.includes('RATE_LIMITED') || status === 429) {
      const retry = headers['retry-after'];
      throw new CliError(
        `rate limited by the registry${retry ? ` (retry after ${String(retry)} s)` : ''}`,
        ExitCode.UNAVAILABLE,
        'wait a moment and run the command again',
      );
    }
    if (codes.includes('GRAPHQL_VALIDATION_FAILED') || codes.includes('GRAPHQL_PARSE_FAILED')) {
      throw new CliError(
        `the registry at ${this.endpoint} does not serve \`${field}\` as this mcpm asks for it (${messages[0]})`,
        ExitCode.UNAVAILABLE,
        'the registry may be older than this mcpm, or the service behind that feature is not deployed there',
      );
    }
    // Partial data: a field error under data that still arrived (e.g. trust down, so `trust` is null).
    if (data && errors.every((error) => error.path && error.path.length > 1)) {
      this.options.onPartial?.(messages);
      return;
    }
    if (codes.includes('BAD_USER_INPUT') || codes.includes('NOT_FOUND')) {
      throw new CliError(messages.join('; '), ExitCode.PROBLEM);
    }
    const correlation = errors.find((error) => error.extensions?.correlationId)?.extensions?.correlationId;
    throw new CliError(
      `the registry could not answer \`${field}\`: ${messages.join('; ') || `HTTP ${status}`}` +
        (correlation ? ` (correlation id ${correlation})` : ''),
      ExitCode.UNAVAILABLE,
      'try again later; if it persists, report it to the registry operator with the correlation id',
    );
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
