import { LIMITS, OFFICIAL_META_KEY, validateManifest } from '../src';
import { accept, minimalManifest, reject, validManifest, withChange } from './fixtures';

describe('validateManifest', () => {
  it('accepts a complete manifest and pulls out the indexed fields', () => {
    const { value, warnings } = accept(validManifest());
    expect(warnings).toEqual([]);
    expect(value).toMatchObject({
      name: 'io.github.alice/weather',
      namespace: 'io.github.alice',
      version: '1.2.3',
      isSemver: true,
      title: 'Weather',
      description: 'Forecasts and current conditions for any city',
      websiteUrl: 'https://alice.example.com/weather',
      categories: ['weather', 'data'],
      capabilities: ['forecast'],
      permissions: [{ kind: 'NETWORK', patterns: ['api.weather.example.com'] }],
    });
    expect(value.packages.map((p) => p.identifier)).toEqual([
      '@alice/weather-mcp',
      'ghcr.io/alice/weather-mcp:1.2.3',
    ]);
    expect(value.remotes.map((r) => r.type)).toEqual(['streamable-http', 'sse']);
    expect(value.tools.map((t) => t.name)).toEqual(['get_forecast', 'current.conditions']);
    expect(value.tools[0]).toEqual({
      name: 'get_forecast',
      title: 'Get forecast',
      description: 'Forecast for a city',
      inputSchema: expect.objectContaining({ type: 'object', required: ['city'] }),
      outputSchema: { type: 'object', properties: { summary: { type: 'string' } } },
      annotations: { readOnlyHint: true, openWorldHint: true },
    });
  });

  it('accepts a minimal manifest: no $schema, packages, remotes or extension block', () => {
    const { value, warnings } = accept(minimalManifest());
    expect(warnings).toEqual([]);
    expect(value).toEqual({
      name: 'io.github.alice/weather',
      namespace: 'io.github.alice',
      version: '1.0.0',
      isSemver: true,
      description: 'Weather data',
      packages: [],
      remotes: [],
      tools: [],
      categories: [],
      capabilities: [],
      permissions: [],
      manifest: minimalManifest(),
    });
  });

  it.each([
    ['null', null],
    ['an array', [minimalManifest()]],
    ['a string', '{"name":"io.github.alice/weather"}'],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects %s with a single error at the root', (_label, input) => {
    expect(validateManifest(input)).toEqual({
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'BAD_USER_INPUT',
          message: 'The manifest must be a JSON object',
          path: [],
        },
      ],
      warnings: [],
    });
  });

  it('rejects an object without a JSON form (a cycle) with a single root error', () => {
    const cyclic: Record<string, unknown> = minimalManifest();
    cyclic.self = cyclic;
    const { errors } = reject(cyclic);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toEqual([]);
  });

  it(`rejects a manifest over ${LIMITS.manifestBytes} bytes with a single root error`, () => {
    const big = { ...minimalManifest(), _meta: { 'com.example/blob': 'x'.repeat(LIMITS.manifestBytes) } };
    const { errors } = reject(big);
    expect(errors).toEqual([expect.objectContaining({ severity: 'error', path: [] })]);
    expect(errors[0]?.message).toMatch(/at most 262144/);
  });

  it('reports every problem at once, each with its own path', () => {
    const manifest = validManifest();
    manifest.name = 'io.github.alice/root';
    manifest.version = 'latest';
    manifest.description = '';
    manifest.websiteUrl = 'http://alice.example.com';
    (manifest.remotes as Record<string, unknown>[])[1] = { type: 'sse', url: 'https://localhost/sse' };
    const { errors } = reject(manifest);
    expect(errors.map((e) => e.path)).toEqual([
      ['name'],
      ['version'],
      ['description'],
      ['websiteUrl'],
      ['remotes', '1', 'url'],
    ]);
    expect(errors.every((e) => e.severity === 'error' && e.code === 'BAD_USER_INPUT')).toBe(true);
  });

  it('reports missing required fields at their own paths', () => {
    const { errors } = reject({});
    expect(errors.map((e) => e.path)).toEqual([['name'], ['description'], ['version']]);
    expect(errors.map((e) => e.message)).toEqual([
      'name is required',
      'description is required',
      'version is required',
    ]);
  });

  it('reports wrong types from the official schema at the exact path', () => {
    const { errors } = reject(withChange(['packages', 0, 'environmentVariables', 0, 'isSecret'], 'yes'));
    expect(errors).toEqual([
      {
        severity: 'error',
        code: 'BAD_USER_INPUT',
        message: 'packages[0].environmentVariables[0].isSecret must be a boolean',
        path: ['packages', '0', 'environmentVariables', '0', 'isSecret'],
      },
    ]);
  });

  it('does not modify its input', () => {
    const input = validManifest();
    input._meta = { ...(input._meta as object), [OFFICIAL_META_KEY]: { status: 'active' } };
    const before = JSON.stringify(input);
    accept(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('accepts the options argument', () => {
    expect(validateManifest(minimalManifest(), { now: new Date('2026-01-01T00:00:00Z') }).ok).toBe(true);
  });
});

describe('inputs whose JSON form is not an object', () => {
  it('rejects an invalid Date (its JSON form is null) with one root error instead of throwing', () => {
    const result = validateManifest(new Date(Number.NaN));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((issue) => issue.path)).toEqual([[]]);
  });
});
