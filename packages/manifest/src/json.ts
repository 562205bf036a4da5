/** Small helpers for JSON values of unknown shape. */

export type JsonObject = Record<string, unknown>;

/** True for a non-null, non-array object (what JSON calls an object). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `key` is an own property (so `__proto__` or `constructor` never match by accident). */
export function hasOwn(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The own property `key`, or undefined. */
export function own(object: JsonObject, key: string): unknown {
  return hasOwn(object, key) ? object[key] : undefined;
}

/** The string at `key`, or undefined when absent or not a string (the structural check reports that). */
export function ownString(object: JsonObject, key: string): string | undefined {
  const value = own(object, key);
  return typeof value === 'string' ? value : undefined;
}

/** The array at `key`, or undefined when absent or not an array. */
export function ownArray(object: JsonObject, key: string): unknown[] | undefined {
  const value = own(object, key);
  return Array.isArray(value) ? value : undefined;
}

/** The object at `key`, or undefined when absent or not an object. */
export function ownObject(object: JsonObject, key: string): JsonObject | undefined {
  const value = own(object, key);
  return isObject(value) ? value : undefined;
}

/** Length in Unicode code points, as JSON Schema's `maxLength` counts (and the official Go validator). */
export function charLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** Bytes of the UTF-8 JSON form of a value (0 when it has none). */
export function jsonBytes(value: unknown): number {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Outcome of {@link toJsonCopy}. */
export type JsonCopy =
  | { ok: true; value: unknown; text: string; bytes: number }
  | { ok: false; reason: string };

/**
 * A deep copy made by a JSON round trip, with the size of its UTF-8 text. Everything after this works
 * on plain JSON: no getters, prototypes, cycles, `undefined`, BigInts or class instances.
 */
export function toJsonCopy(value: unknown): JsonCopy {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // Cycles, BigInts, throwing getters, or nesting too deep for the stack.
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (text === undefined) return { ok: false, reason: 'the value has no JSON form' };
  return { ok: true, value: JSON.parse(text) as unknown, text, bytes: Buffer.byteLength(text, 'utf8') };
}
