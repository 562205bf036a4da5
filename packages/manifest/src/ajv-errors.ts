import type { ErrorObject } from 'ajv';

/** An Ajv error turned into our terms: where (path segments) and what (a message without the field name). */
export interface PlainError {
  path: string[];
  message: string;
}

/** Splits a JSON Pointer (RFC 6901) into unescaped segments. */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const ARTICLES: Record<string, string> = {
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'a boolean',
  number: 'a number',
  integer: 'an integer',
  null: 'null',
};

/**
 * Translates one Ajv error. A missing property is reported at the property's own path, so that
 * `packages[0].identifier` (not `packages[0]`) carries the error.
 */
export function plainError(error: ErrorObject): PlainError {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: [...path, String(params.missingProperty)], message: 'is required' };
    case 'type': {
      const types = String(params.type).split(',');
      return { path, message: `must be ${types.map((t) => ARTICLES[t] ?? t).join(' or ')}` };
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return { path, message: `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'pattern':
      return { path, message: `must match the pattern ${String(params.pattern)}` };
    case 'anyOf':
    case 'oneOf':
      return { path, message: 'does not match any of the allowed shapes' };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

/**
 * Drops the noise of combinators: the errors of each failed `anyOf`/`oneOf` branch (the combinator's
 * own error stands for them) and the `if` summary error (the `then`/`else` errors say what is wrong).
 */
export function withoutBranchNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => `${e.schemaPath}/`);
  return errors.filter(
    (e) => e.keyword !== 'if' && !combinators.some((prefix) => e.schemaPath.startsWith(prefix)),
  );
}
