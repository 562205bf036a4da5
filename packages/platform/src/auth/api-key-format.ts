import { randomInt } from 'node:crypto';
import { sha256Hex } from '../crypto/canonical-json';

/**
 * API key format (ARCHITECTURE §5): `mcpr_` + 30 random base62 characters + a 6-character base62 CRC32
 * of those 30 characters. The checksum lets a typo or a forged key be rejected offline, before any
 * database lookup, and lets secret scanners recognise leaked keys.
 */
export const API_KEY_PREFIX = 'mcpr_';
export const API_KEY_BODY_LENGTH = 30;
export const API_KEY_CHECKSUM_LENGTH = 6;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + API_KEY_BODY_LENGTH + API_KEY_CHECKSUM_LENGTH;
/** How many leading characters are kept for display (`mcpr_AbC1234`). */
export const API_KEY_DISPLAY_PREFIX_LENGTH = 12;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = new RegExp(
  `^${API_KEY_PREFIX}[0-9A-Za-z]{${API_KEY_BODY_LENGTH + API_KEY_CHECKSUM_LENGTH}}$`,
);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib) of an ASCII/UTF-8 string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Base62 of a non-negative integer, left-padded with `0` to `width`. */
export function toBase62(value: number, width: number): string {
  let out = '';
  let rest = value;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/** The 6-character checksum of a 30-character key body. */
export function keyChecksum(body: string): string {
  return toBase62(crc32(body), API_KEY_CHECKSUM_LENGTH);
}

/** A new random API key (crypto-strength randomness, ~178 bits). */
export function generateApiKey(): string {
  let body = '';
  for (let i = 0; i < API_KEY_BODY_LENGTH; i++) body += BASE62[randomInt(62)];
  return `${API_KEY_PREFIX}${body}${keyChecksum(body)}`;
}

/** True when the key has the right shape and its checksum matches (no database involved). */
export function isWellFormedApiKey(key: unknown): key is string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return false;
  const body = key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + API_KEY_BODY_LENGTH);
  return key.slice(API_KEY_PREFIX.length + API_KEY_BODY_LENGTH) === keyChecksum(body);
}

/**
 * What is stored instead of the key. A fast hash is enough here: the key carries ~178 random bits, so
 * there is nothing to brute-force (unlike a password).
 */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** The display prefix stored next to the hash. */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_DISPLAY_PREFIX_LENGTH);
}
