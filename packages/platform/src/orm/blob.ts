import { types } from 'node:util';

/**
 * A BLOB/bytea column value as a Buffer. PostgreSQL's driver returns a Buffer; libsql (SQLite) returns an
 * ArrayBuffer, which `Uint8Array.from` silently turns into an empty array. The checks are realm-independent
 * (a native driver's ArrayBuffer fails `instanceof ArrayBuffer` inside jest's sandbox).
 */
export function blobToBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (types.isUint8Array(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (types.isAnyArrayBuffer(value)) return Buffer.from(value);
  throw new Error('expected a binary column value');
}
