import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { startStack, type Stack } from './support/stack';
import { gql, http, type HttpResult } from './support/http';
import { createKey, type Key } from './support/registry';

const OPERATIONS_DIR = join(__dirname, '../../schema/operations');
const contractOperations = readdirSync(OPERATIONS_DIR)
  .filter((file) => file.endsWith('.graphql'))
  .map((file) => readFileSync(join(OPERATIONS_DIR, file), 'utf8'));

/** Whatever a response is, it is a client error or a success, with codes and nothing internal shown. */
function expectWellBehaved(result: HttpResult, what: unknown, graphql: boolean): void {
  const problem = (reason: string) =>
    new Error(
      `${reason} for ${JSON.stringify(what).slice(0, 500)}: HTTP ${result.status} ${result.text.slice(0, 500)}`,
    );
  // The stack has no manifest validator wired in: /v0.1/validate (however the path is spelled) says so.
  const notImplemented =
    result.status === 501 &&
    (result.body as { error?: unknown } | undefined)?.error ===
      'Validation is not available on this gateway.';
  if (result.status >= 500 && !notImplemented) throw problem('server error');
  if (/\n\s+at |INTERNAL_SERVER_ERROR|stacktrace/.test(result.text)) throw problem('internal error leaked');
  const body = result.body as { errors?: { extensions?: { code?: unknown } }[]; error?: unknown } | undefined;
  if (result.status === 304) return;
  if (typeof body !== 'object' || body === null) throw problem('non-JSON body');
  if (graphql) {
    for (const error of body.errors ?? []) {
      if (typeof error?.extensions?.code !== 'string') throw problem('GraphQL error without a code');
    }
  } else if (result.status >= 400 && typeof body.error !== 'string') {
    throw problem('REST error without `error`');
  }
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '=',
  '!',
  '$',
  '@',
  '...',
  '|',
  '&',
  ',',
  '#',
  '"',
  '"""',
  '\n',
  ' ',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'true',
  'null',
  '1',
  '-1.5e3',
  '0x1',
  'servers',
  'server',
  'serverVersion',
  'name',
  'first',
  'after',
  'filter',
  'edges',
  'node',
  'version',
  'publishServer',
  'recordInstall',
  'setServerStatus',
  'input',
  'manifest',
  '__schema',
  '__typename',
  '__type',
  '$name',
  '$first',
  'String!',
  'Int',
  'JSON',
  '@include(if: true)',
  '@skip(if: $x)',
  '@deprecated',
];

/** Malformed and odd GraphQL documents: random text, token soup, and mangled contract operations. */
const documents = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(' ')),
  fc
    .tuple(fc.constantFrom(...contractOperations), fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 8 }))
    .map(([text, at, cut, insert]) => {
      const position = at % (text.length + 1);
      return text.slice(0, position) + insert + text.slice(position + cut);
    }),
);

const variables = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom('name', 'first', 'after', 'input', 'filter', 'version', 'manifest'),
    fc.jsonValue({ maxDepth: 3 }),
  ),
);

describe('fuzzing the gateway with malformed input', () => {
  let stack: Stack;
  let publisher: Key;

  beforeAll(async () => {
    stack = await startStack({ RATE_LIMITS: 'off' });
    publisher = await createKey(stack.url, stack.adminKey, {
      account: 'fuzzer',
      scopes: ['SERVERS_PUBLISH', 'SERVERS_MANAGE'],
      namespaces: ['io.github.fuzz/*'],
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each([1, 2])(
    'GraphQL documents, variables and operation names (run %i of 2, 1,100 requests each)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          documents,
          variables,
          fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
          fc.boolean(),
          async (query, vars, operationName, keyed) => {
            const body: Record<string, unknown> = { query };
            if (vars !== undefined) body.variables = vars;
            if (operationName !== undefined) body.operationName = operationName;
            const result = await http(`${stack.url}/graphql`, {
              body,
              key: keyed ? publisher.secret : undefined,
            });
            expectWellBehaved(result, body, true);
          },
        ),
        { numRuns: 1_100 },
      );
    },
  );

  it('raw HTTP bodies and content types on /graphql (800 requests)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
          fc.array(fc.record({ query: documents }), { maxLength: 3 }).map((value) => JSON.stringify(value)),
        ),
        fc.constantFrom(
          'application/json',
          'application/graphql',
          'text/plain',
          'application/x-www-form-urlencoded',
        ),
        async (raw, contentType) => {
          const result = await http(`${stack.url}/graphql`, {
            rawBody: raw,
            headers: { 'content-type': contentType, 'apollo-require-preflight': 'true' },
          });
          expectWellBehaved(result, { raw, contentType }, true);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('REST paths, query parameters and bodies (2,000 requests)', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'servers',
        'versions',
        'status',
        'latest',
        'publish',
        'validate',
        'health',
        '..',
        '%2F',
        '%ZZ',
        '%',
        '',
      ),
      fc.string({ maxLength: 20 }).map((text) => encodeURIComponent(text)),
    );
    const query = fc
      .dictionary(
        fc.constantFrom('limit', 'cursor', 'search', 'version', 'include_deleted', 'updated_since', 'x'),
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.integer().map(String),
          fc.constantFrom('true', '2025-01-01T00:00:00Z', 'latest'),
        ),
      )
      .map((params) => new URLSearchParams(params).toString());
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { maxLength: 6 }),
        query,
        fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE') as fc.Arbitrary<
          'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
        >,
        fc.oneof(
          fc.constant(undefined),
          fc.jsonValue({ maxDepth: 4 }),
          fc.record(
            {
              status: fc.oneof(fc.constantFrom('active', 'deprecated', 'deleted'), fc.string()),
              statusMessage: fc.jsonValue(),
            },
            { requiredKeys: [] },
          ),
          fc.record(
            {
              name: fc.string(),
              description: fc.jsonValue(),
              version: fc.string(),
              packages: fc.jsonValue(),
            },
            { requiredKeys: [] },
          ),
        ),
        fc.boolean(),
        async (segments, search, method, body, keyed) => {
          const path = `/v0.1/${segments.join('/')}${search ? `?${search}` : ''}`;
          const result = await http(`${stack.url}${path}`, {
            method,
            ...(method === 'GET' || body === undefined ? {} : { body }),
            key: keyed ? publisher.secret : undefined,
          });
          expectWellBehaved(result, { method, path, body }, false);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('stays healthy afterwards', async () => {
    expect((await http(`${stack.url}/health`)).status).toBe(200);
    expect((await http(`${stack.url}/ready`)).status).toBe(200);
    expect((await gql(stack.url, '{ servers(first: 1) { totalCount } }')).status).toBe(200);
    expect((await http(`${stack.url}/v0.1/servers?limit=1`)).status).toBe(200);
  });
});
