import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The official registry API (a copy of ../shared/data/official-registry-openapi_2026-07_v1.8.0.yaml). */
export const OPENAPI_FILE = join(__dirname, '../../openapi/official-registry-openapi_2026-07_v1.8.0.yaml');

/**
 * Validators of the official OpenAPI's response schemas (OpenAPI 3.1 = JSON Schema 2020-12), with
 * `#/components/schemas/...` references resolved inside the document.
 */
export function officialSchemas(file = OPENAPI_FILE): (name: string) => ValidateFunction {
  const document = YAML.parse(readFileSync(file, 'utf8')) as { $id: string };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, document.$id);
  const compiled = new Map<string, ValidateFunction>();
  return (name) => {
    let validate = compiled.get(name);
    if (!validate) {
      validate = ajv.compile({ $ref: `${document.$id}#/components/schemas/${name}` });
      compiled.set(name, validate);
    }
    return validate;
  };
}

/** Fails with the schema errors when `value` does not validate against the named component schema. */
export function expectValid(schemas: (name: string) => ValidateFunction, name: string, value: unknown): void {
  const validate = schemas(name);
  if (!validate(value)) {
    throw new Error(
      `response does not match ${name}: ${JSON.stringify(validate.errors, null, 1).slice(0, 2000)}`,
    );
  }
}
