import { LIMITS, PERMISSION_KINDS, PUBLISHER_META_KEY } from '../src';
import { accept, EXT, minimalManifest, reject } from './fixtures';

const tool = (extra: Record<string, unknown> = {}) => ({
  name: 'get_forecast',
  description: 'Forecast for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
  ...extra,
});
const withBlock = (block: unknown) => ({ ...minimalManifest(), _meta: { [PUBLISHER_META_KEY]: block } });
const withTools = (tools: unknown[]) => withBlock({ tools });
const toolPath = (i: number, ...rest: string[]) => [...EXT, 'tools', String(i), ...rest];

describe('the extension block', () => {
  it('is optional, and each of its fields is too', () => {
    expect(accept(withBlock({})).value).toMatchObject({
      tools: [],
      categories: [],
      capabilities: [],
      permissions: [],
    });
  });

  it('must be an object', () => {
    expect(reject(withBlock([])).errors).toEqual([expect.objectContaining({ path: EXT })]);
  });

  it('warns about unknown fields', () => {
    expect(accept(withBlock({ tool: [] })).warnings).toEqual([
      expect.objectContaining({ severity: 'warning', path: [...EXT, 'tool'] }),
    ]);
  });
});

describe('tools', () => {
  it('returns the tool definitions', () => {
    const { value } = accept(
      withTools([tool({ title: 'Forecast', annotations: { title: 'Forecast', destructiveHint: false } })]),
    );
    expect(value.tools).toEqual([
      {
        name: 'get_forecast',
        title: 'Forecast',
        description: 'Forecast for a city',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
        annotations: { title: 'Forecast', destructiveHint: false },
      },
    ]);
  });

  it.each(['a', 'get_forecast', 'weather.get-forecast', 'A_1.b-2', 'x'.repeat(128)])(
    'accepts the name %s',
    (name) => {
      accept(withTools([tool({ name })]));
    },
  );

  it.each(['', 'get forecast', 'get/forecast', 'météo', 'x'.repeat(129), 'tool:run'])(
    'rejects the name %j',
    (name) => {
      expect(reject(withTools([tool({ name })])).errors).toEqual([
        expect.objectContaining({ severity: 'error', path: toolPath(0, 'name') }),
      ]);
    },
  );

  it('rejects a duplicate name at the second tool', () => {
    const { errors } = reject(withTools([tool(), tool({ name: 'other' }), tool(), tool()]));
    expect(errors.map((e) => e.path)).toEqual([toolPath(2, 'name'), toolPath(3, 'name')]);
    expect(errors[0]?.message).toMatch(/already used by .*tools\[0\]/);
  });

  it('requires name, description and inputSchema', () => {
    const { errors } = reject(withTools([{}]));
    expect(errors.map((e) => e.path)).toEqual([
      toolPath(0, 'name'),
      toolPath(0, 'description'),
      toolPath(0, 'inputSchema'),
    ]);
  });

  it('allows an empty description', () => {
    expect(accept(withTools([tool({ description: '' })])).value.tools[0]?.description).toBe('');
  });

  it(`limits a description to ${LIMITS.toolDescriptionMaxChars} characters`, () => {
    accept(withTools([tool({ description: 'd'.repeat(LIMITS.toolDescriptionMaxChars) })]));
    expect(
      reject(withTools([tool({ description: 'd'.repeat(LIMITS.toolDescriptionMaxChars + 1) })])).errors,
    ).toEqual([expect.objectContaining({ path: toolPath(0, 'description') })]);
  });

  it('checks field types', () => {
    const { errors } = reject(
      withTools([tool({ title: 3, description: null, annotations: { title: 1, readOnlyHint: 'yes' } })]),
    );
    expect(errors.map((e) => e.path)).toEqual([
      toolPath(0, 'title'),
      toolPath(0, 'description'),
      toolPath(0, 'annotations', 'title'),
      toolPath(0, 'annotations', 'readOnlyHint'),
    ]);
  });

  it('rejects a tool that is not an object, and tools that is not an array', () => {
    expect(reject(withTools(['get_forecast'])).errors.map((e) => e.path)).toEqual([toolPath(0)]);
    expect(reject(withBlock({ tools: {} })).errors.map((e) => e.path)).toEqual([[...EXT, 'tools']]);
  });

  it(`allows at most ${LIMITS.tools} tools`, () => {
    const many = Array.from({ length: LIMITS.tools + 1 }, (_, i) => tool({ name: `t${i}` }));
    expect(reject(withTools(many)).errors).toEqual([expect.objectContaining({ path: [...EXT, 'tools'] })]);
    accept(withTools(many.slice(0, LIMITS.tools)));
  });
});

describe('categories and capabilities', () => {
  it('trims labels and drops repeats', () => {
    const { value } = accept(
      withBlock({ categories: [' weather ', 'Data', 'weather'], capabilities: ['forecast'] }),
    );
    expect(value.categories).toEqual(['weather', 'Data']);
    expect(value.capabilities).toEqual(['forecast']);
  });

  it.each([
    ['a blank label', ['  ']],
    ['a long label', ['c'.repeat(LIMITS.slugMaxChars + 1)]],
    ['a non-string label', [5]],
  ])('rejects %s at its index', (_label, categories) => {
    expect(reject(withBlock({ categories })).errors).toEqual([
      expect.objectContaining({ path: [...EXT, 'categories', '0'] }),
    ]);
  });

  it(`allows at most ${LIMITS.categories} categories`, () => {
    const categories = Array.from({ length: LIMITS.categories + 1 }, (_, i) => `c${i}`);
    expect(reject(withBlock({ categories })).errors.map((e) => e.path)).toEqual([[...EXT, 'categories']]);
  });

  it('rejects capabilities that are not an array', () => {
    expect(reject(withBlock({ capabilities: 'forecast' })).errors.map((e) => e.path)).toEqual([
      [...EXT, 'capabilities'],
    ]);
  });
});

describe('permissions', () => {
  it('accepts every kind', () => {
    const permissions = PERMISSION_KINDS.map((kind) => ({ kind, patterns: ['*'] }));
    expect(accept(withBlock({ permissions })).value.permissions).toEqual(permissions);
  });

  it('treats missing patterns as none', () => {
    expect(accept(withBlock({ permissions: [{ kind: 'PROCESS' }] })).value.permissions).toEqual([
      { kind: 'PROCESS', patterns: [] },
    ]);
  });

  it('rejects an unknown or missing kind', () => {
    const { errors } = reject(
      withBlock({ permissions: [{ kind: 'network', patterns: [] }, { patterns: [] }] }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      [...EXT, 'permissions', '0', 'kind'],
      [...EXT, 'permissions', '1', 'kind'],
    ]);
  });

  it('rejects empty or non-string patterns at their index', () => {
    const { errors } = reject(
      withBlock({ permissions: [{ kind: 'FILE_READ', patterns: ['~/docs/**', '', 3] }] }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      [...EXT, 'permissions', '0', 'patterns', '1'],
      [...EXT, 'permissions', '0', 'patterns', '2'],
    ]);
  });

  it('rejects patterns that are not an array', () => {
    expect(
      reject(withBlock({ permissions: [{ kind: 'EXECUTE', patterns: 'git' }] })).errors.map((e) => e.path),
    ).toEqual([[...EXT, 'permissions', '0', 'patterns']]);
  });
});
