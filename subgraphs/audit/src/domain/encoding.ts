/**
 * Strict encoders and decoders for the wire formats of the audit log (lowercase hex hashes, standard
 * padded base64 keys and signatures). Node's own `Buffer.from(s, 'base64' | 'hex')` silently skips
 * invalid characters and truncates odd input, which would let two different strings denote the same
 * bytes; a transparency log must have exactly one spelling per value, so every decoder here rejects
 * anything that does not re-encode to the input.
 */

const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Decodes lowercase hex, optionally of an exact byte length; returns `null` for anything else
 * (uppercase, odd length, stray characters, wrong length).
 */
export function decodeLowerHex(text: string, byteLength?: number): Buffer | null {
  if (typeof text !== 'string' || !LOWER_HEX.test(text)) return null;
  if (byteLength !== undefined && text.length !== byteLength * 2) return null;
  return Buffer.from(text, 'hex');
}

/** Standard base64 (RFC 4648 §4, with padding) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes standard padded base64 (RFC 4648 §4), optionally of an exact byte length; returns `null` for
 * URL-safe alphabet, missing padding, whitespace, non-zero trailing bits or a wrong length.
 */
export function decodeBase64Strict(text: string, byteLength?: number): Buffer | null {
  if (typeof text !== 'string' || !BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // Re-encoding catches non-canonical trailing bits ("AB==" and "AA==" both decode to 0x00).
  if (bytes.toString('base64') !== text) return null;
  if (byteLength !== undefined && bytes.length !== byteLength) return null;
  return bytes;
}
