import { createHash } from 'node:crypto';

/**
 * RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest form, strings escaped as JSON.stringify does.
 * Digests of manifests, tool pins and audit leaves are all taken over this form.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, []);
}

function serialize(value: unknown, stack: unknown[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite numbers have no JSON form');
      // ECMAScript Number.prototype.toString is the RFC 8785 number serialisation; -0 becomes 0.
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (stack.includes(value)) throw new TypeError('canonicalJson: cyclic structure');
      const next = [...stack, value];
      if (Array.isArray(value)) {
        return (
          '[' + value.map((item) => (item === undefined ? 'null' : serialize(item, next))).join(',') + ']'
        );
      }
      const maybeJson = value as { toJSON?: () => unknown };
      if (typeof maybeJson.toJSON === 'function') return serialize(maybeJson.toJSON(), stack);
      const entries = Object.keys(value as Record<string, unknown>)
        .filter((key) => {
          const v = (value as Record<string, unknown>)[key];
          return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
        })
        .sort(compareUtf16)
        .map((key) => JSON.stringify(key) + ':' + serialize((value as Record<string, unknown>)[key], next));
      return '{' + entries.join(',') + '}';
    }
    default:
      throw new TypeError(`canonicalJson: ${typeof value} has no JSON form`);
  }
}

// Array.prototype.sort's default order compares UTF-16 code units, which is what RFC 8785 requires.
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lowercase hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 over the RFC 8785 form of a JSON value. */
export function canonicalDigest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
