import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { loadSupergraphSdl } from '@mcpr/schema';
import { startGateway } from '../src/service';
import { loadGatewayEnv } from '../src/env';
import { startStack, type Stack } from './support/stack';
import { codes, gql, http } from './support/http';
import { captureLogger } from './support/capture-logger';

const SCHEMA_DIR = join(__dirname, '../../schema');
const OPERATIONS_DIR = join(SCHEMA_DIR, 'operations');

/** A value of the right type for every variable (the content does not matter, only that it coerces). */
function dummyValue(schema: GraphQLSchema, type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return dummyValue(schema, type.ofType, depth);
  if (isListType(type)) return [dummyValue(schema, type.ofType, depth)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    if (depth > 4) return value;
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = dummyValue(schema, field.type, depth + 1);
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return 1;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'DateTime':
        return '2025-01-01T00:00:00.000Z';
      case 'JSON':
        return { name: 'io.github.dummy/dummy', description: 'dummy', version: '1.0.0' };
      default:
        return 'io.github.dummy/dummy';
    }
  }
  return null;
}

describe('GraphQL hardening', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ RATE_LIMITS: 'off' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('admits every contract operation: no limit error, every error carries a code', async () => {
    const api = buildSchema(readFileSync(join(SCHEMA_DIR, 'api.graphql'), 'utf8'));
    const files = readdirSync(OPERATIONS_DIR).filter((file) => file.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const file of files) {
      const text = readFileSync(join(OPERATIONS_DIR, file), 'utf8');
      const operation = parse(text).definitions.find(
        (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
      )!;
      const variables: Record<string, unknown> = {};
      for (const definition of operation.variableDefinitions ?? []) {
        const type = typeFromAST(api, definition.type as never) as GraphQLInputType | undefined;
        if (type) variables[definition.variable.name.value] = dummyValue(api, type);
      }
      // Subscriptions are served over graphql-ws; over HTTP they are refused, but never for a limit.
      for (const key of [undefined, stack.adminKey]) {
        const result = await gql(stack.url, text, variables, { key });
        expect({ file, status: result.status, body: result.status >= 500 ? result.body : null }).toEqual({
          file,
          status: expect.any(Number),
          body: null,
        });
        for (const error of result.body.errors ?? []) {
          expect({ file, code: error.extensions?.code }).toEqual({ file, code: expect.any(String) });
          expect({ file, limit: error.extensions?.limit }).toEqual({ file, limit: undefined });
          expect(error.message).not.toMatch(/limit of \d+ exceeded|more th[ae]n \d+ tokens/i);
        }
      }
    }
  });

  it('refuses an over-deep query with GRAPHQL_VALIDATION_FAILED (HTTP 400)', async () => {
    const result = await gql(
      stack.url,
      '{ servers { edges { node { versions { edges { node { server { versions { edges { node { version } } } } } } } } } } }',
    );
    expect(result.status).toBe(400);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Query depth limit of 8 exceeded, found \d+\.$/),
        extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' }),
      }),
    ]);
  });

  it('refuses an over-aliased query', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: server(name: "x") { name }`).join(' ');
    const result = await gql(stack.url, `{ ${aliases} }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual(
      expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' }),
    );
    expect(result.body.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded/);
  });

  it('refuses a too costly query', async () => {
    const result = await gql(
      stack.url,
      '{ servers(first: 100) { edges { node { versions(first: 100) { edges { node { version manifest tools { name description } } } } } } } }',
    );
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual(
      expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' }),
    );
    expect(result.body.errors?.[0]?.message).toMatch(/Query Cost limit of 10000 exceeded/);
  });

  it('refuses a document with too many tokens before parsing it fully', async () => {
    const fields = Array.from({ length: 1100 }, () => '__typename').join(' ');
    const result = await gql(stack.url, `{ ${fields} }`);
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([
      {
        message: 'Token limit of 1000 exceeded.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens' },
      },
    ]);
  });

  it('refuses too many directives', async () => {
    const directives = Array.from({ length: 51 }, () => '@skip(if: false)').join(' ');
    const result = await gql(stack.url, `{ __typename ${directives} }`);
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'directives' }),
        }),
      ]),
    );
  });

  it('answers an oversized body with 413 and a JSON GraphQL error', async () => {
    const query = `{ __typename } # ${'x'.repeat(1024 * 1024)}`;
    const result = await http(`${stack.url}/graphql`, { body: { query } });
    expect(result.status).toBe(413);
    expect(result.headers['content-type']).toMatch(/application\/json/);
    expect(result.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(/larger than this gateway accepts/),
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });

  it('answers malformed JSON with 400 BAD_REQUEST in JSON', async () => {
    const result = await http(`${stack.url}/graphql`, { rawBody: '{"query": ' });
    expect(result.status).toBe(400);
    expect(codes(result)).toEqual(['BAD_REQUEST']);
  });

  it('refuses batched requests', async () => {
    const result = await http(`${stack.url}/graphql`, {
      body: [{ query: '{ __typename }' }, { query: '{ __typename }' }],
    });
    expect(result.status).toBe(400);
    expect(codes(result)).toEqual(['BAD_REQUEST']);
    expect(result.body.errors[0].message).toMatch(/Batched operations are not supported/);
  });

  it('turns introspection and field suggestions off outside development', async () => {
    const introspection = await gql(stack.url, '{ __schema { queryType { name } } }');
    expect(introspection.status).toBe(400);
    expect(codes(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(introspection.body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);

    const typo = await gql(stack.url, '{ serverz(name: "x") { name } }');
    expect(codes(typo)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(typo.body.errors?.[0]?.message).toBe('Cannot query field "serverz" on type "Query".');
    expect(typo.text).not.toMatch(/Did you mean/);

    // Plain __typename is not introspection of the schema.
    expect((await gql(stack.url, '{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it.each<Record<string, string>>([{ GRAPHQL_INTROSPECTION: 'true' }, { NODE_ENV: 'development' }])(
    'turns introspection and suggestions on with %p',
    async (env) => {
      const gateway = await stack.extraGateway(env);
      const introspection = await gql(gateway.url, '{ __schema { queryType { name } } }');
      expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
      const typo = await gql(gateway.url, '{ serverz(name: "x") { name } }');
      expect(typo.body.errors?.[0]?.message).toMatch(/Did you mean "server/);
    },
  );

  describe('CORS allowlist', () => {
    let allowedUrl: string;
    beforeAll(async () => {
      allowedUrl = (
        await stack.extraGateway({ CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' })
      ).url;
    });

    it('answers an allowed origin with its own origin', async () => {
      const result = await http(`${allowedUrl}/graphql`, {
        body: { query: '{ __typename }' },
        headers: { origin: 'https://admin.example.com' },
      });
      expect(result.status).toBe(200);
      expect(result.headers['access-control-allow-origin']).toBe('https://admin.example.com');
      expect(result.headers.vary).toMatch(/Origin/);
      expect(result.headers['access-control-expose-headers']).toMatch(
        /RateLimit, RateLimit-Policy, Retry-After, ETag/,
      );
    });

    it('gives another origin no CORS headers', async () => {
      const result = await http(`${allowedUrl}/graphql`, {
        body: { query: '{ __typename }' },
        headers: { origin: 'https://evil.example.net' },
      });
      expect(result.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers a preflight from an allowed origin', async () => {
      const result = await http(`${allowedUrl}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      });
      expect(result.status).toBe(204);
      expect(result.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(result.headers['access-control-allow-headers']).toMatch(/authorization/);
      expect(result.headers['access-control-allow-methods']).toMatch(/PATCH/);
    });

    it('allows no browser origin when CORS_ORIGINS is unset', async () => {
      const result = await http(`${stack.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      });
      expect(result.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('internal errors', () => {
  let fake: Server;
  let fakeUrl: string;

  beforeAll(async () => {
    // A "registry" that fails with an error carrying internals and no code.
    fake = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            data: { server: null },
            errors: [
              {
                message: 'connect ECONNREFUSED postgres://registry:hunter2@10.0.0.7/registry',
                path: ['server'],
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => fake.close(resolve));
  });

  it('are masked with a correlation id that appears in the logs with the cause', async () => {
    const { logger, lines } = captureLogger();
    const gateway = await startGateway(
      {
        config: loadGatewayEnv({ NODE_ENV: 'production', LOG_LEVEL: 'info' }),
        secret: 'x'.repeat(32),
        subgraphUrls: { registry: fakeUrl, trust: fakeUrl, audit: fakeUrl, search: fakeUrl },
        supergraphSdl: loadSupergraphSdl(),
        logger,
      },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      const result = await gql(gateway.url, '{ server(name: "io.github.a/b") { name } }');
      expect(result.status).toBe(200);
      expect(result.text).not.toMatch(/hunter2|ECONNREFUSED|postgres/);
      const [error] = result.body.errors ?? [];
      expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const correlationId = error?.extensions?.correlationId as string;
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(error?.message).toBe(`Internal server error (correlation id ${correlationId}).`);
      const logged = lines().find((line) => line.correlationId === correlationId);
      expect(logged).toEqual(expect.objectContaining({ level: 50, msg: 'internal error' }));
      expect(JSON.stringify(logged)).toMatch(/ECONNREFUSED/);
    } finally {
      await gateway.close();
    }
  });
});
