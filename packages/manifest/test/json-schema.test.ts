import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import fc from 'fast-check';
import { checkToolSchema, PUBLISHER_META_KEY } from '../src';
import { compileProblems, schemaDialect } from '../src/json-schema';
import { accept, EXT, minimalManifest, reject } from './fixtures';

const withInputSchema = (inputSchema: unknown, index = 0) => {
  const tools = Array.from({ length: index + 1 }, (_, i) => ({
    name: `tool_${i}`,
    description: 'd',
    inputSchema: i === index ? inputSchema : { type: 'object' },
  }));
  return { ...minimalManifest(), _meta: { [PUBLISHER_META_KEY]: { tools } } };
};
const schemaPath = (index: number, ...rest: string[]) => [
  ...EXT,
  'tools',
  String(index),
  'inputSchema',
  ...rest,
];

describe('tool input schemas', () => {
  it('must be an object', () => {
    for (const schema of [true, [], 'object', null]) {
      expect(reject(withInputSchema(schema)).errors).toEqual([
        expect.objectContaining({ path: schemaPath(0) }),
      ]);
    }
  });

  it('must have type "object" at the root when type is given', () => {
    accept(withInputSchema({ properties: { a: { type: 'string' } } }));
    expect(reject(withInputSchema({ type: 'string' })).errors).toEqual([
      expect.objectContaining({ severity: 'error', path: schemaPath(0, 'type') }),
    ]);
  });

  it('reports meta-schema violations at their path inside the schema', () => {
    const { errors } = reject(
      withInputSchema(
        { type: 'object', properties: { a: { type: 'strin' }, b: { minLength: -1 } }, required: 'a' },
        3,
      ),
    );
    expect(errors.map((e) => e.path).sort(byJoined)).toEqual([
      schemaPath(3, 'properties', 'a', 'type'),
      schemaPath(3, 'properties', 'b', 'minLength'),
      schemaPath(3, 'required'),
    ]);
  });

  it('reports a schema that does not compile at the schema path (index 3)', () => {
    const { errors } = reject(
      withInputSchema({ type: 'object', properties: { a: { $ref: '#/definitions/missing' } } }, 3),
    );
    expect(errors).toEqual([
      {
        severity: 'error',
        code: 'BAD_USER_INPUT',
        path: ['_meta', 'io.mcpr/publisher-provided', 'tools', '3', 'inputSchema'],
        message: expect.stringMatching(/not a usable JSON Schema: .*#\/definitions\/missing/),
      },
    ]);
  });

  it('reports an invalid regular expression', () => {
    expect(
      reject(withInputSchema({ type: 'object', properties: { a: { type: 'string', pattern: '([a-z' } } }))
        .errors,
    ).toEqual([expect.objectContaining({ path: schemaPath(0) })]);
  });

  it('accepts unknown keywords and formats (lenient)', () => {
    accept(
      withInputSchema({
        type: 'object',
        'x-order': 1,
        properties: { when: { type: 'string', format: 'date-time-ish', example: 'now' } },
      }),
    );
  });

  it('accepts local references, including to $defs and the root', () => {
    accept(
      withInputSchema({
        type: 'object',
        definitions: { city: { type: 'string', minLength: 1 } },
        properties: { city: { $ref: '#/definitions/city' }, self: { $ref: '#' } },
      }),
    );
  });

  it('ignores the root $id (it cannot collide with the meta-schemas)', () => {
    const schema = {
      $id: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' } },
    };
    accept(withInputSchema(schema));
    accept(withInputSchema(schema));
    accept(withInputSchema({ type: 'object', properties: { a: { type: 'number' } } }));
  });

  it('does not leak nested $ids between schemas', () => {
    const nested = (type: string) => ({
      type: 'object',
      properties: { a: { $id: 'https://example.com/shared.json', type } },
    });
    accept(withInputSchema(nested('string')));
    accept(withInputSchema(nested('number')));
  });

  it(`limits the size and depth of a schema`, () => {
    const big = { type: 'object', description: 'x'.repeat(70 * 1024) };
    expect(checkToolSchema(big).problems).toEqual([{ path: [], message: expect.stringMatching(/bytes/) }]);
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 40; i++) deep = { type: 'object', properties: { a: deep } };
    expect(checkToolSchema(deep).problems).toEqual([{ path: [], message: expect.stringMatching(/nested/) }]);
  });

  it('applies the same rules to outputSchema', () => {
    const manifest = {
      ...minimalManifest(),
      _meta: {
        [PUBLISHER_META_KEY]: {
          tools: [
            { name: 't', description: '', inputSchema: { type: 'object' }, outputSchema: { type: 'array' } },
          ],
        },
      },
    };
    expect(reject(manifest).errors.map((e) => e.path)).toEqual([
      [...EXT, 'tools', '0', 'outputSchema', 'type'],
    ]);
  });
});

describe('remote references', () => {
  const spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    spies.push(
      jest.spyOn(http, 'request'),
      jest.spyOn(http, 'get'),
      jest.spyOn(https, 'request'),
      jest.spyOn(https, 'get'),
      jest.spyOn(net, 'connect'),
      jest.spyOn(net, 'createConnection'),
      jest.spyOn(globalThis, 'fetch'),
    );
  });
  afterEach(() => {
    for (const spy of spies.splice(0)) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it.each([
    ['an absolute URL', 'https://json-schema.example.com/city.json'],
    ['a relative file', 'city.json#/definitions/name'],
    ['a protocol-relative URL', '//evil.example.com/s.json'],
    ['a file URL', 'file:///etc/passwd'],
  ])('rejects %s at the $ref, without any network call', (_label, ref) => {
    const { errors } = reject(withInputSchema({ type: 'object', properties: { city: { $ref: ref } } }, 2));
    expect(errors).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: schemaPath(2, 'properties', 'city', '$ref'),
        message: expect.stringMatching(/never fetched/),
      }),
    ]);
  });

  it('finds remote references in every subschema position, not in data', () => {
    const remote = { $ref: 'https://x.example.com/s.json' };
    const schema = {
      type: 'object',
      $defs: { a: remote },
      properties: { list: { type: 'array', items: [remote], additionalItems: remote } },
      patternProperties: { '^x': { anyOf: [{ type: 'string' }, remote] } },
      additionalProperties: { not: remote },
      if: remote,
      then: { allOf: [remote] },
      default: { $ref: 'https://data.example.com/not-a-schema' },
      enum: [{ $ref: 'https://data.example.com/not-a-schema' }],
    };
    const { errors } = reject(withInputSchema(schema));
    const found = errors.map((e) => e.path.slice(schemaPath(0).length)).sort(byJoined);
    expect(found).toEqual(
      [
        ['$defs', 'a', '$ref'],
        ['additionalProperties', 'not', '$ref'],
        ['if', '$ref'],
        ['patternProperties', '^x', 'anyOf', '1', '$ref'],
        ['properties', 'list', 'additionalItems', '$ref'],
        ['properties', 'list', 'items', '0', '$ref'],
        ['then', 'allOf', '0', '$ref'],
      ].sort(byJoined),
    );
  });

  it('rejects remote $dynamicRef (2020-12)', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { $dynamicRef: 'https://x.example.com/s.json#meta' } },
    };
    expect(reject(withInputSchema(schema)).errors.map((e) => e.path)).toEqual([
      schemaPath(0, 'properties', 'a', '$dynamicRef'),
    ]);
  });
});

function byJoined(a: string[], b: string[]): number {
  return a.join('/').localeCompare(b.join('/'));
}

describe('dialect selection', () => {
  // `items` as an array (tuple form) is valid in draft-07 and 2019-09 but not in 2020-12, where it must
  // be a schema; `prefixItems` replaced it.
  const tuple = (dialect?: string) => ({
    ...(dialect ? { $schema: dialect } : {}),
    type: 'object',
    properties: { pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] } },
  });

  it('defaults to draft-07', () => {
    expect(checkToolSchema(tuple())).toEqual({ dialect: 'draft-07', problems: [] });
  });

  it.each([
    ['http://json-schema.org/draft-07/schema#', 'draft-07'],
    ['http://json-schema.org/draft-07/schema', 'draft-07'],
    ['https://json-schema.org/draft-07/schema#', 'draft-07'],
    ['http://json-schema.org/draft-06/schema#', 'draft-06'],
    ['https://json-schema.org/draft/2019-09/schema', '2019-09'],
  ])('accepts the tuple form under %s (%s)', (uri, dialect) => {
    expect(checkToolSchema(tuple(uri))).toEqual({ dialect, problems: [] });
  });

  it('validates a 2020-12 schema with the 2020-12 meta-schema', () => {
    const uri = 'https://json-schema.org/draft/2020-12/schema';
    const { dialect, problems } = checkToolSchema(tuple(uri));
    expect(dialect).toBe('2020-12');
    expect(problems.map((p) => p.path)).toEqual([['properties', 'pair', 'items']]);
    const modern = {
      $schema: uri,
      type: 'object',
      $defs: { n: { type: 'number' } },
      properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { $ref: '#/$defs/n' }] } },
      unevaluatedProperties: false,
    };
    expect(checkToolSchema(modern)).toEqual({ dialect: '2020-12', problems: [] });
    accept(withInputSchema(modern));
  });

  it('validates 2019-09 keywords with the 2019-09 meta-schema', () => {
    const schema = (dependentRequired: unknown) => ({
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      type: 'object',
      dependentRequired,
    });
    expect(checkToolSchema(schema({ a: ['b'] })).problems).toEqual([]);
    expect(checkToolSchema(schema({ a: 'b' })).problems.map((p) => p.path)).toEqual([
      ['dependentRequired', 'a'],
    ]);
    // In draft-07 `dependentRequired` is an unknown keyword, so anything goes.
    expect(checkToolSchema({ type: 'object', dependentRequired: { a: 'b' } }).problems).toEqual([]);
  });

  it('rejects draft-04 and unknown dialects at $schema', () => {
    for (const uri of [
      'http://json-schema.org/draft-04/schema#',
      'https://example.com/my-dialect',
      'draft-07',
    ]) {
      expect(reject(withInputSchema({ $schema: uri, type: 'object' })).errors).toEqual([
        expect.objectContaining({ path: schemaPath(0, '$schema') }),
      ]);
    }
    expect(reject(withInputSchema({ $schema: 7, type: 'object' })).errors.map((e) => e.path)).toEqual([
      schemaPath(0, '$schema'),
    ]);
  });

  it('gives the same answer from the cache', () => {
    const schema = { type: 'object', properties: { a: { $ref: '#/nowhere' } } };
    const first = checkToolSchema(schema);
    expect(first.problems).toHaveLength(1);
    expect(checkToolSchema(JSON.parse(JSON.stringify(schema)))).toEqual(first);
  });
});

describe('the compile shortcut', () => {
  // Meta-valid schemas that provably compile skip compilation; this checks the shortcut never changes
  // an answer, on generated schemas full of references, regexes and odd keywords.
  const ref = fc.constantFrom(
    '#',
    '#a',
    '#/definitions/a',
    '#/definitions/b',
    '#/definitions/missing',
    '#/properties/x',
    '#/properties/x/type',
    '#/definitions/a%20b',
    '#/definitions/a~1b',
    '#/definitions/%zz',
    '#/$defs/c',
    '#/anyOf/0',
    '#/properties/x/items',
    '#/definitions/a/anyOf/0',
    'x.json',
  );
  const regex = fc.constantFrom(
    '^[a-z]+$',
    '([a-z',
    '\\d{2,}',
    '[\\w\\-]+',
    '(?<name>x)',
    '\\p{L}',
    '*a',
    'a{2,1}',
    '\\_',
  );
  const type = fc.constantFrom('string', 'number', 'object', 'array', 'null', 'strin');
  const leaf = fc.oneof(
    fc.record({ type }, { requiredKeys: [] }),
    fc.record({ $ref: ref }),
    fc.record({ type: fc.constant('string'), pattern: regex }),
    fc.record({ enum: fc.array(fc.jsonValue(), { maxLength: 2 }) }),
    fc.record({ $anchor: fc.constantFrom('a', 'b', '1bad'), type: fc.constant('string') }),
    fc.record({
      $id: fc.constantFrom('https://example.com/n.json', '#frag', 'rel.json'),
      type: fc.constant('string'),
    }),
    fc.record({ patternProperties: fc.dictionary(regex, fc.constant({ type: 'string' }), { maxKeys: 2 }) }),
    fc.record({ type, nullable: fc.constantFrom(true, false, 'yes') }, { requiredKeys: ['nullable'] }),
    fc.record({ id: fc.constantFrom('x', 'https://example.com/x.json'), type: fc.constant('string') }),
    fc.record({ $async: fc.boolean(), type: fc.constant('string') }),
    fc.record({
      $schema: fc.constantFrom('http://json-schema.org/draft-07/schema#', 'https://example.com/x'),
    }),
    fc.record({ minContains: fc.constantFrom(0, 2), maxContains: fc.constant(1), contains: fc.constant({}) }),
    fc.record({ dependentRequired: fc.constantFrom({ a: ['b'] }, { a: 'b' }), if: fc.constant({}) }),
    fc.record({ properties: fc.constant({ id: { type: 'string' }, nullable: { type: 'boolean' } }) }),
    fc.record({
      items: fc.record({ $ref: ref }),
      anyOf: fc.array(fc.record({ $ref: ref }), { minLength: 1, maxLength: 2 }),
    }),
    fc.constantFrom(true, false),
  );
  const schema = fc
    .record(
      {
        $schema: fc.constantFrom(
          'http://json-schema.org/draft-06/schema#',
          'http://json-schema.org/draft-07/schema#',
          'https://json-schema.org/draft/2019-09/schema',
          'https://json-schema.org/draft/2020-12/schema',
        ),
        properties: fc.dictionary(fc.constantFrom('x', 'y', 'pattern', '$ref'), leaf, { maxKeys: 3 }),
        definitions: fc.dictionary(fc.constantFrom('a', 'b', 'a b', 'a/b'), leaf, { maxKeys: 3 }),
        $defs: fc.dictionary(fc.constantFrom('c', 'd'), leaf, { maxKeys: 2 }),
        items: fc.oneof(leaf, fc.array(leaf, { maxLength: 2 })),
        anyOf: fc.array(leaf, { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ['$schema'] },
    )
    .map((s) => ({ type: 'object', ...s }));

  it.each([
    [
      'a bare self-reference',
      { type: 'object', properties: { x: { items: { $ref: '#/properties/x/items' } } } },
    ],
    [
      'a cycle of bare references',
      {
        type: 'object',
        definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } },
        properties: { x: { $ref: '#/definitions/a' } },
      },
    ],
  ])('reports %s, which Ajv cannot compile', (_label, s) => {
    expect(checkToolSchema(s).problems).toEqual([
      { path: [], message: expect.stringMatching(/not a usable JSON Schema/) },
    ]);
  });

  it('gives the same problems as always compiling', () => {
    fc.assert(
      fc.property(schema, (s) => {
        const dialect = schemaDialect(s);
        if (!('dialect' in dialect)) throw new Error('generated an unknown dialect');
        const withShortcut = compileProblems(s, dialect.dialect);
        const compiled = compileProblems(s, dialect.dialect, true);
        expect(withShortcut.length === 0).toBe(compiled.length === 0);
        if (withShortcut.length > 0) expect(withShortcut).toEqual(compiled);
      }),
      { numRuns: 2000 },
    );
  });
});
