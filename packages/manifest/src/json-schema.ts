import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft6MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import { plainError } from './ajv-errors';
import { LIMITS } from './limits';
import { hasOwn, isObject, type JsonObject } from './json';

/*
 * Checks that a tool's inputSchema/outputSchema is a usable JSON Schema, in the dialect its `$schema`
 * names (draft-07 when absent). Nothing is ever fetched: every `$ref` must be local (start with "#"),
 * Ajv gets no `loadSchema`, and only the synchronous `compile` is used, which fails on a missing
 * reference instead of loading it.
 *
 * Cost and memory: meta-validation takes microseconds, compiling about a millisecond, so a schema is
 * compiled only when compiling could fail (see compilesSurely; most tool schemas never are). Ajv
 * instances are created lazily, one per dialect family, and reused; compiling keeps a reference to each
 * compiled schema inside the instance, so an instance is replaced after COMPILES_PER_INSTANCE
 * compilations. Results are cached by content hash, so a schema seen before (republished versions,
 * benchmarks) is not checked again.
 */

/** JSON Schema dialects accepted for tool schemas. */
export type SchemaDialect = 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

/** One problem in a schema; `path` is relative to the schema root. */
export interface SchemaProblem {
  path: string[];
  message: string;
}

/** The default dialect when a schema has no `$schema`. */
export const DEFAULT_SCHEMA_DIALECT: SchemaDialect = 'draft-07';

/** `$schema` URIs, keyed without scheme and trailing "#", so http/https and "#" variants all match. */
const DIALECT_BY_URI: Record<string, SchemaDialect | 'draft-04'> = {
  'json-schema.org/draft-04/schema': 'draft-04',
  'json-schema.org/draft-06/schema': 'draft-06',
  'json-schema.org/draft-07/schema': 'draft-07',
  'json-schema.org/draft/2019-09/schema': '2019-09',
  'json-schema.org/draft/2020-12/schema': '2020-12',
};

/** The meta-schema id each Ajv class registers, put into the copy Ajv sees. */
const META_SCHEMA_ID: Record<SchemaDialect, string> = {
  'draft-06': 'http://json-schema.org/draft-06/schema#',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

/** Keywords (any dialect) whose value is one subschema. */
const SCHEMA_KEYWORDS = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'contentSchema',
  'else',
  'if',
  'items',
  'not',
  'propertyNames',
  'then',
  'unevaluatedItems',
  'unevaluatedProperties',
];
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = [
  '$defs',
  'definitions',
  'dependencies',
  'dependentSchemas',
  'patternProperties',
  'properties',
];
/** Reference keywords; each must stay inside the document. */
const REF_KEYWORDS = ['$ref', '$dynamicRef', '$recursiveRef'];

const COMPILES_PER_INSTANCE = 1000;
const CACHE_SIZE = 2000;

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
type Family = 'draft-07' | '2019-09' | '2020-12';

const instances = new Map<Family, { ajv: AnyAjv; compiles: number }>();
/** Content hash → problems found by meta-validation and compilation (insertion order = LRU order). */
const resultCache = new Map<string, SchemaProblem[]>();

function familyOf(dialect: SchemaDialect): Family {
  return dialect === 'draft-06' ? 'draft-07' : dialect;
}

function createAjv(family: Family): AnyAjv {
  // Lenient on purpose: unknown keywords and formats are allowed (publishers use `example`, `x-...`),
  // regexes are compiled without the `u` flag (as many generators write them), and data is never
  // validated, so `format` is not needed at all. (Each compiled schema is registered while it compiles,
  // under "" since its root `$id` is removed, so that `$ref: "#"` resolves; compileProblems unregisters it.)
  const options = {
    strict: false,
    allErrors: true,
    logger: false as const,
    unicodeRegExp: false,
    validateFormats: false,
  };
  if (family === '2019-09') return new Ajv2019(options);
  if (family === '2020-12') return new Ajv2020(options);
  const ajv = new Ajv(options);
  ajv.addMetaSchema(draft6MetaSchema);
  return ajv;
}

function ajvFor(dialect: SchemaDialect): { ajv: AnyAjv; compiles: number } {
  const family = familyOf(dialect);
  let entry = instances.get(family);
  if (!entry || entry.compiles >= COMPILES_PER_INSTANCE) {
    entry = { ajv: createAjv(family), compiles: 0 };
    instances.set(family, entry);
  }
  return entry;
}

/** Resolves `$schema` to a dialect, or explains why it cannot be used. */
export function schemaDialect(schema: JsonObject): { dialect: SchemaDialect } | { problem: SchemaProblem } {
  if (!hasOwn(schema, '$schema')) return { dialect: DEFAULT_SCHEMA_DIALECT };
  const uri = schema.$schema;
  if (typeof uri !== 'string') return { problem: { path: ['$schema'], message: 'must be a string' } };
  const key = uri.replace(/^https?:\/\//, '').replace(/#$/, '');
  const dialect = hasOwn(DIALECT_BY_URI, key) ? DIALECT_BY_URI[key] : undefined;
  if (dialect === 'draft-04') {
    return {
      problem: {
        path: ['$schema'],
        message: 'names JSON Schema draft-04, which is not supported; use draft-07 or 2020-12',
      },
    };
  }
  if (!dialect) {
    return {
      problem: {
        path: ['$schema'],
        message: 'is not a known JSON Schema dialect (supported: draft-06, draft-07, 2019-09, 2020-12)',
      },
    };
  }
  return { dialect };
}

/** Nesting depth of a JSON value, counting only up to `limit + 1`. */
function depthExceeds(value: unknown, limit: number, depth = 0): boolean {
  if (depth > limit) return true;
  if (typeof value !== 'object' || value === null) return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => depthExceeds(child, limit, depth + 1));
}

/** Calls `visit` on `schema` and each of its subschemas (in any dialect's applicator keywords). */
function forEachSubschema(
  schema: unknown,
  path: string[],
  visit: (node: JsonObject, path: string[]) => void,
): void {
  if (!isObject(schema)) return;
  visit(schema, path);
  for (const keyword of SCHEMA_KEYWORDS) {
    if (hasOwn(schema, keyword)) forEachSubschema(schema[keyword], [...path, keyword], visit);
  }
  for (const keyword of SCHEMA_ARRAY_KEYWORDS) {
    const list = hasOwn(schema, keyword) ? schema[keyword] : undefined;
    if (Array.isArray(list))
      list.forEach((item, i) => forEachSubschema(item, [...path, keyword, String(i)], visit));
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const map = hasOwn(schema, keyword) ? schema[keyword] : undefined;
    if (!isObject(map)) continue;
    for (const [name, sub] of Object.entries(map)) forEachSubschema(sub, [...path, keyword, name], visit);
  }
}

/** Every `$ref`-like keyword that leaves the document, with its path (data such as `default` is skipped). */
function nonLocalRefs(schema: JsonObject): SchemaProblem[] {
  const found: SchemaProblem[] = [];
  forEachSubschema(schema, [], (node, path) => {
    for (const keyword of REF_KEYWORDS) {
      const ref = hasOwn(node, keyword) ? node[keyword] : undefined;
      if (typeof ref === 'string' && !ref.startsWith('#')) {
        found.push({
          path: [...path, keyword],
          message: `refers to "${ref}"; only references inside the schema (starting with "#") are allowed, remote schemas are never fetched`,
        });
      }
    }
  });
  return found;
}

/** Meta-schema errors, one per location (Ajv reports every failed alternative of e.g. `type`). */
function metaProblems(errors: readonly ErrorObject[]): SchemaProblem[] {
  const byLocation = new Map<string, SchemaProblem>();
  for (const error of errors) {
    const problem = plainError(error);
    const key = problem.path.join('\u0000');
    if (!byLocation.has(key)) byLocation.set(key, problem);
  }
  return [...byLocation.values()];
}

/**
 * The copy of a schema that Ajv sees: `$schema` in the canonical spelling Ajv knows, and no root `$id`
 * (a user's id must not collide with, or replace, a schema the instance already holds).
 */
function ajvCopy(schema: JsonObject, dialect: SchemaDialect): JsonObject {
  const copy: JsonObject = { ...schema, $schema: META_SCHEMA_ID[dialect] };
  delete copy.$id;
  return copy;
}

/** Problems found by validating `copy` against its dialect's meta-schema. */
function metaValidate(ajv: AnyAjv, copy: JsonObject): SchemaProblem[] {
  // validateSchema returns a promise only for `$async` meta-schemas, which none of these are.
  return ajv.validateSchema(copy) === true ? [] : metaProblems(ajv.errors ?? []);
}

/**
 * Keys after which compilation can fail although meta-validation passed: ids and anchors (resolution,
 * ambiguity), dynamic references, a nested `$schema`, and Ajv's own `nullable` and `$async` keywords.
 * They are looked for under every key, schema position or not, so the check errs towards compiling.
 */
const COMPILE_SENSITIVE_KEYS = new Set([
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$recursiveAnchor',
  '$dynamicRef',
  '$recursiveRef',
  '$schema',
  '$async',
  'nullable',
]);

/** Follows a `#/...` JSON Pointer fragment inside `root`; undefined when it does not land on a schema. */
function resolveLocalPointer(root: JsonObject, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  let node: unknown = root;
  for (const raw of fragment.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isObject(node) && hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return isObject(node) || typeof node === 'boolean' ? node : undefined;
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source); // as Ajv compiles it with unicodeRegExp: false
    return true;
  } catch {
    return false;
  }
}

/**
 * True when compiling cannot fail for a schema that passed meta-validation. With these Ajv options,
 * compilation adds exactly these checks (ajv/lib/vocabularies, every `throw` outside strict mode):
 * references resolve (and do not loop through bare references), regexes parse, `enum` is not empty, no
 * draft-04 `id` keyword, plus the cases of COMPILE_SENSITIVE_KEYS. A schema that might fail any of them
 * is compiled; the test suite checks the shortcut against always compiling.
 */
function compilesSurely(root: JsonObject): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (!isObject(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (COMPILE_SENSITIVE_KEYS.has(key) && !(node === root && key === '$schema')) return false;
      if (key === '$ref') {
        // A reference to a reference may be a cycle of bare references, which overflows Ajv's stack.
        const target = typeof value === 'string' ? resolveLocalPointer(root, value) : undefined;
        if (target === undefined || (isObject(target) && hasOwn(target, '$ref'))) return false;
      }
      if (key === 'pattern' && typeof value === 'string' && !isRegExp(value)) return false;
      if (key === 'patternProperties' && isObject(value) && !Object.keys(value).every(isRegExp)) return false;
      if (key === 'enum' && Array.isArray(value) && value.length === 0) return false;
      stack.push(value);
    }
  }
  let hasIdKeyword = false;
  forEachSubschema(root, [], (node) => {
    if (hasOwn(node, 'id')) hasIdKeyword = true;
  });
  return !hasIdKeyword;
}

/**
 * Meta-validates `schema` (which has no remote refs) and, unless it surely compiles, compiles it; the
 * Ajv instance is left as it was found. Exported for the differential test of the shortcut.
 */
export function compileProblems(
  schema: JsonObject,
  dialect: SchemaDialect,
  alwaysCompile = false,
): SchemaProblem[] {
  const entry = ajvFor(dialect);
  const { ajv } = entry;
  const copy = ajvCopy(schema, dialect);
  const invalid = metaValidate(ajv, copy);
  if (invalid.length > 0) return invalid;
  if (!alwaysCompile && compilesSurely(copy)) return [];
  const refsBefore = new Set(Object.keys(ajv.refs));
  const schemasBefore = new Set(Object.keys(ajv.schemas));
  entry.compiles++;
  try {
    ajv.compile(copy);
    return [];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [{ path: [], message: `is not a usable JSON Schema: ${reason}` }];
  } finally {
    // Forget everything this compilation registered (nested `$id`s, the cache entry).
    for (const key of Object.keys(ajv.refs)) if (!refsBefore.has(key)) delete ajv.refs[key];
    for (const key of Object.keys(ajv.schemas)) if (!schemasBefore.has(key)) delete ajv.schemas[key];
    ajv.removeSchema(copy);
  }
}

function cachedCompileProblems(schema: JsonObject, dialect: SchemaDialect, text: string): SchemaProblem[] {
  const key = createHash('sha256').update(dialect).update('\u0000').update(text).digest('hex');
  const cached = resultCache.get(key);
  if (cached) {
    resultCache.delete(key); // move to the most recently used end
    resultCache.set(key, cached);
    return cached;
  }
  const problems = compileProblems(schema, dialect);
  resultCache.set(key, problems);
  if (resultCache.size > CACHE_SIZE) {
    const oldest = resultCache.keys().next().value;
    if (oldest !== undefined) resultCache.delete(oldest);
  }
  return problems;
}

/**
 * Checks a tool's input or output schema: an object, within the size and depth limits, in a known
 * dialect, with `type` "object" at the root when given, only local references, valid against its
 * dialect's meta-schema, and compilable. Returns every problem with its path inside the schema.
 */
export function checkToolSchema(schema: unknown): { dialect?: SchemaDialect; problems: SchemaProblem[] } {
  if (!isObject(schema)) return { problems: [{ path: [], message: 'must be a JSON Schema object' }] };
  let text: string;
  try {
    text = JSON.stringify(schema);
  } catch {
    return { problems: [{ path: [], message: 'must be JSON (no cycles or BigInts)' }] };
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.toolSchemaBytes) {
    return {
      problems: [{ path: [], message: `is ${bytes} bytes; at most ${LIMITS.toolSchemaBytes} are allowed` }],
    };
  }
  if (depthExceeds(schema, LIMITS.toolSchemaMaxDepth)) {
    return {
      problems: [{ path: [], message: `is nested more than ${LIMITS.toolSchemaMaxDepth} levels deep` }],
    };
  }
  const resolved = schemaDialect(schema);
  if ('problem' in resolved) return { problems: [resolved.problem] };
  const { dialect } = resolved;

  const refProblems = nonLocalRefs(schema);
  // A schema with a remote reference cannot compile; its other problems still come from meta-validation.
  const problems = [
    ...refProblems,
    ...(refProblems.length > 0
      ? metaValidate(ajvFor(dialect).ajv, ajvCopy(schema, dialect))
      : cachedCompileProblems(schema, dialect, text)),
  ];
  // MCP wants an object at the root; when `type` is not even a valid type, the meta-schema said so.
  if (
    hasOwn(schema, 'type') &&
    schema.type !== 'object' &&
    !problems.some((p) => p.path.join('/') === 'type')
  ) {
    problems.unshift({ path: ['type'], message: 'must be "object" (a tool takes and returns named values)' });
  }
  return { dialect, problems };
}
