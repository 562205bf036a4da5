import { randomInt } from 'node:crypto';

/*
 * The API key format (ARCHITECTURE §5), written independently of the registry's implementation so tests
 * can build keys the registry has never issued: `mcpr_` + 30 base62 + 6-character base62 CRC32 of the body.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/** A key with the right shape and checksum that no registry has issued (verdict `unknown`). */
export function unissuedApiKey(): string {
  let body = '';
  for (let i = 0; i < 30; i++) body += BASE62[randomInt(62)];
  return `mcpr_${body}${base62(crc32(body), 6)}`;
}

/** The same key with one body character changed: right shape, wrong checksum (verdict `malformed`). */
export function withBadChecksum(key: string): string {
  const index = 'mcpr_'.length + 3;
  const replacement = key[index] === 'A' ? 'B' : 'A';
  return `${key.slice(0, index)}${replacement}${key.slice(index + 1)}`;
}
