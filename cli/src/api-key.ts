import { API_KEY_BODY_LENGTH, API_KEY_LENGTH, API_KEY_PREFIX, keyChecksum } from '@mcpr/platform';

/**
 * Why a string is not an API key (ARCHITECTURE §5: `mcpr_` + 30 base62 + a 6-character CRC-32 checksum),
 * or null when it is well formed. Checked offline so a mistyped or truncated key is caught before any request.
 */
export function apiKeyProblem(key: string): string | null {
  if (!key.startsWith(API_KEY_PREFIX)) return `it does not start with "${API_KEY_PREFIX}"`;
  if (key.length !== API_KEY_LENGTH) return `it has ${key.length} characters instead of ${API_KEY_LENGTH}`;
  if (!/^[0-9A-Za-z]+$/.test(key.slice(API_KEY_PREFIX.length))) {
    return 'it contains characters other than letters and digits';
  }
  const bodyEnd = API_KEY_PREFIX.length + API_KEY_BODY_LENGTH;
  if (key.slice(bodyEnd) !== keyChecksum(key.slice(API_KEY_PREFIX.length, bodyEnd)))
    return 'its checksum does not match';
  return null;
}

/** The first characters of a key, safe to print. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, 12)}…`;
}
