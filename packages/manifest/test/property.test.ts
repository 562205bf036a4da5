import fc from 'fast-check';
import {
  PERMISSION_KINDS,
  PUBLISHER_META_KEY,
  RESERVED_SERVER_NAMES,
  validateManifest,
  type ValidationResult,
} from '../src';
import { setPath, validManifest } from './fixtures';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const namespace = fc.array(label, { minLength: 2, maxLength: 4 }).map((parts) => parts.join('.'));
const serverName = fc
  .stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,20}[a-zA-Z0-9])?$/)
  .filter((n) => !RESERVED_SERVER_NAMES.includes(n.toLowerCase()));
const semver = fc
  .tuple(fc.nat(99), fc.nat(99), fc.nat(99), fc.option(fc.stringMatching(/^[a-z]{1,6}(?:\.[0-9]{1,2})?$/)))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() !== '');
const toolName = fc.stringMatching(/^[a-zA-Z0-9_.-]{1,30}$/);
const property = fc.record({
  type: fc.constantFrom('string', 'number', 'integer', 'boolean'),
  description: fc.string({ maxLength: 40 }),
});
const inputSchema = fc
  .dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,10}$/), property, { maxKeys: 4 })
  .map((properties) => ({ type: 'object', properties, required: Object.keys(properties).slice(0, 1) }));
const pkg = fc.oneof(
  fc.record({
    registryType: fc.constant('npm'),
    identifier: fc.stringMatching(/^@?[a-z0-9][a-z0-9._-]{0,20}$/),
    version: semver,
    transport: fc.constant({ type: 'stdio' }),
  }),
  fc.record({
    registryType: fc.constant('oci'),
    identifier: fc.stringMatching(/^ghcr\.io\/[a-z0-9]{1,10}\/[a-z0-9-]{1,10}:[0-9]\.[0-9]$/),
    transport: fc.record({
      type: fc.constantFrom('streamable-http', 'sse'),
      url: fc.constant('https://mcp.example.com/mcp'),
    }),
  }),
);
const remote = fc.record({
  type: fc.constantFrom('streamable-http', 'sse'),
  url: label.map((host) => `https://${host}.example.com/mcp`),
});

/** Manifests built only from valid parts. */
const validManifests = fc.record(
  {
    name: fc.tuple(namespace, serverName).map(([ns, n]) => `${ns}/${n}`),
    description: text(200),
    version: fc.oneof(semver, fc.constantFrom('2024.01.15', 'v2', 'nightly-7f3a')),
    title: text(120),
    packages: fc.array(pkg, { maxLength: 3 }),
    remotes: fc.array(remote, { maxLength: 3 }),
    _meta: fc.record({
      [PUBLISHER_META_KEY]: fc.record(
        {
          tools: fc.uniqueArray(
            fc.record({ name: toolName, description: fc.string({ maxLength: 60 }), inputSchema }),
            { maxLength: 5, selector: (t) => t.name },
          ),
          categories: fc.array(text(30), { maxLength: 5 }),
          capabilities: fc.array(text(30), { maxLength: 5 }),
          permissions: fc.array(
            fc.record({
              kind: fc.constantFrom(...PERMISSION_KINDS),
              patterns: fc.array(text(20), { maxLength: 3 }),
            }),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      ),
    }),
  },
  { requiredKeys: ['name', 'description', 'version'] },
);

/** The invariants every result keeps, whatever the input. */
function expectWellFormed(result: ValidationResult): void {
  const issues = result.ok ? result.warnings : [...result.errors, ...result.warnings];
  if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.code).toBe('BAD_USER_INPUT');
    expect(['error', 'warning']).toContain(issue.severity);
    expect(typeof issue.message).toBe('string');
    expect(Array.isArray(issue.path) && issue.path.every((s) => typeof s === 'string')).toBe(true);
  }
  if (!result.ok) expect(result.errors.every((e) => e.severity === 'error')).toBe(true);
  expect(result.warnings.every((w) => w.severity === 'warning')).toBe(true);
}

describe('properties', () => {
  it('generated valid manifests stay valid, and round-trip into the stored manifest', () => {
    fc.assert(
      fc.property(validManifests, (manifest) => {
        const result = validateManifest(manifest);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.value.name).toBe(manifest.name);
        expect(result.value.manifest).toEqual(JSON.parse(JSON.stringify(manifest)));
        expect(result.value.tools).toHaveLength(manifest._meta?.[PUBLISHER_META_KEY]?.tools?.length ?? 0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true }),
        (input) => {
          expectWellFormed(validateManifest(input));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON objects', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (input) => {
        expectWellFormed(validateManifest(input));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when any part of a valid manifest is replaced by junk', () => {
    const paths: (string | number)[][] = [];
    const collect = (value: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(value)) value.forEach((v, i) => collect(v, [...path, i]));
      else if (typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value)) collect(v, [...path, k]);
      }
    };
    collect(validManifest(), []);
    const junk = fc.oneof(
      fc.jsonValue(),
      fc.constant(undefined),
      fc.string(),
      fc.constantFrom('', ' ', 'latest', '#', 'http://localhost'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), junk, (path, value) => {
        const result = validateManifest(setPath(validManifest(), path, value));
        expectWellFormed(result);
      }),
      { numRuns: 1000 },
    );
  });
});
