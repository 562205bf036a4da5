/**
 * The registry's API key format (ARCHITECTURE §5): `mcpr_` + 30 base62 characters + a 6-character base62
 * CRC-32 of those 30. Checked offline so a mistyped or truncated key is caught before any request.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX = 'mcpr_';
const BODY = 30;
const CHECKSUM = 6;

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

/** Why a string is not a key, or null when it is well formed. */
export function apiKeyProblem(key: string): string | null {
  if (!key.startsWith(PREFIX)) return 'it does not start with "mcpr_"';
  if (key.length !== PREFIX.length + BODY + CHECKSUM) {
    return `it has ${key.length} characters instead of ${PREFIX.length + BODY + CHECKSUM}`;
  }
  if (!/^[0-9A-Za-z]+$/.test(key.slice(PREFIX.length)))
    return 'it contains characters other than letters and digits';
  const body = key.slice(PREFIX.length, PREFIX.length + BODY);
  if (key.slice(PREFIX.length + BODY) !== base62(crc32(body), CHECKSUM)) return 'its checksum does not match';
  return null;
}

/** The first characters of a key, safe to print. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, 12)}…`;
}
