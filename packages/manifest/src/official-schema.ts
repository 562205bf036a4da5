import Ajv, { type ValidateFunction } from 'ajv';
import { OFFICIAL_SERVER_SCHEMA_2025_12_11 as officialSchema } from './schemas/server-schema-2025-12-11';
import { plainError, withoutBranchNoise } from './ajv-errors';
import { describePath, type IssueCollector } from './issues';
import { isObject, type JsonObject } from './json';

/*
 * Structure (types, required fields, enums, nested argument/input shapes) is checked with the official
 * server.json schema. A few of its keywords are removed first because a rule in `rules/` owns that field
 * with a different severity or a sharper message, and keeping both would report the same problem twice:
 *   - description/title length: over 100 characters is a warning here, not an error;
 *   - name pattern/length, version length, package version `not: latest`: rules/name.ts, rules/version.ts;
 *   - `format: uri` and URL patterns: rules/urls.ts requires https and reports the exact reason;
 *   - the transport and argument unions (`anyOf`): Ajv reports every failed branch, which buries the one
 *     real problem; they become one plain shape here and rules/packages.ts, rules/remotes.ts and
 *     rules/arguments.ts check the per-type requirements.
 */

type SchemaNode = JsonObject;

/** Follows `keys` from `root`; throws when the vendored schema no longer has that shape. */
function nodeAt(root: SchemaNode, keys: readonly string[]): SchemaNode {
  let node: unknown = root;
  for (const key of keys) {
    node = isObject(node) ? node[key] : undefined;
    if (!isObject(node)) throw new Error(`official schema: no object at ${keys.join('.')}`);
  }
  return node as SchemaNode;
}

/** Removes keywords from a schema node, checking that they were there (so drift is noticed in tests). */
function drop(root: SchemaNode, keys: readonly string[], keywords: readonly string[]): void {
  const node = nodeAt(root, keys);
  for (const keyword of keywords) {
    if (!(keyword in node)) throw new Error(`official schema: ${keys.join('.')} has no "${keyword}"`);
    delete node[keyword];
  }
}

const KEY_VALUE_INPUT = { $ref: '#/definitions/KeyValueInput' };

/** A package transport of any type; rules/packages.ts checks the type and its `url`. */
const LOCAL_TRANSPORT: SchemaNode = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string' },
    url: { type: 'string' },
    headers: { type: 'array', items: KEY_VALUE_INPUT },
  },
};

/** A remote of any type; rules/remotes.ts checks the type and its `url`. */
const REMOTE_TRANSPORT: SchemaNode = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string' },
    url: { type: 'string' },
    headers: { type: 'array', items: KEY_VALUE_INPUT },
    variables: { type: 'object', additionalProperties: { $ref: '#/definitions/Input' } },
  },
};

/** A positional or named argument; rules/arguments.ts checks `name` / `value` / `valueHint` per type. */
const ARGUMENT: SchemaNode = {
  allOf: [{ $ref: '#/definitions/InputWithVariables' }],
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: ['positional', 'named'] },
    name: { type: 'string' },
    valueHint: { type: 'string' },
    isRepeated: { type: 'boolean' },
  },
};

/** The official schema with the changes described at the top of this file. Exported for tests. */
export function deriveStructuralSchema(): SchemaNode {
  const schema = JSON.parse(JSON.stringify(officialSchema)) as SchemaNode;
  const server = ['definitions', 'ServerDetail', 'properties'];
  drop(schema, [...server, 'name'], ['pattern', 'minLength', 'maxLength']);
  drop(schema, [...server, 'description'], ['minLength', 'maxLength']);
  drop(schema, [...server, 'title'], ['minLength', 'maxLength']);
  drop(schema, [...server, 'version'], ['maxLength']);
  drop(schema, [...server, '$schema'], ['format']);
  drop(schema, [...server, 'websiteUrl'], ['format']);
  drop(schema, ['definitions', 'Repository', 'properties', 'url'], ['format']);
  drop(schema, ['definitions', 'Icon', 'properties', 'src'], ['format', 'maxLength']);
  const pkg = ['definitions', 'Package', 'properties'];
  drop(schema, [...pkg, 'registryBaseUrl'], ['format']);
  drop(schema, [...pkg, 'version'], ['not', 'minLength', 'maxLength']);
  nodeAt(schema, pkg).transport = LOCAL_TRANSPORT;
  nodeAt(schema, [...server, 'remotes']).items = REMOTE_TRANSPORT;
  nodeAt(schema, ['definitions']).Argument = ARGUMENT;
  return schema;
}

let compiled: ValidateFunction | undefined;

/** The compiled structural validator, built on first use and reused for every manifest. */
function structuralValidator(): ValidateFunction {
  if (!compiled) {
    // strict: false because the official schema uses the non-standard `example` keyword.
    const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    compiled = ajv.compile(deriveStructuralSchema());
  }
  return compiled;
}

/** Checks `manifest` against the structural schema and records each problem at its exact path. */
export function checkStructure(manifest: JsonObject, issues: IssueCollector): void {
  const validate = structuralValidator();
  if (validate(manifest)) return;
  for (const error of withoutBranchNoise(validate.errors ?? [])) {
    const { path, message } = plainError(error);
    issues.error(path, `${describePath(path)} ${message}`);
  }
}
