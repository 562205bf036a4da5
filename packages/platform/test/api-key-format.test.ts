import fc from 'fast-check';
import {
  API_KEY_LENGTH,
  crc32,
  displayPrefix,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  keyChecksum,
  toBase62,
} from '../src/auth/api-key-format';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const base62Char = fc.constantFrom(...BASE62.split(''));
const body = fc.array(base62Char, { minLength: 30, maxLength: 30 }).map((chars) => chars.join(''));

describe('API key format', () => {
  it('crc32 matches the IEEE reference values', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  it('base62 pads to the width and round-trips the largest CRC', () => {
    expect(toBase62(0, 6)).toBe('000000');
    expect(toBase62(61, 6)).toBe('00000z');
    expect(toBase62(0xffffffff, 6)).toHaveLength(6);
  });

  it('generated keys have the documented shape and verify', () => {
    for (let i = 0; i < 50; i++) {
      const key = generateApiKey();
      expect(key).toMatch(/^mcpr_[0-9A-Za-z]{36}$/);
      expect(key).toHaveLength(API_KEY_LENGTH);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it('any body with its checksum verifies', () => {
    fc.assert(fc.property(body, (b) => isWellFormedApiKey(`mcpr_${b}${keyChecksum(b)}`)));
  });

  it('any single-character change is rejected offline', () => {
    fc.assert(
      fc.property(body, fc.nat({ max: API_KEY_LENGTH - 1 }), base62Char, (b, position, replacement) => {
        const key = `mcpr_${b}${keyChecksum(b)}`;
        fc.pre(key[position] !== replacement);
        const changed = key.slice(0, position) + replacement + key.slice(position + 1);
        return !isWellFormedApiKey(changed);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects wrong prefixes, lengths and types', () => {
    const key = generateApiKey();
    expect(isWellFormedApiKey(key.replace('mcpr_', 'mcpx_'))).toBe(false);
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(`${key}0`)).toBe(false);
    expect(isWellFormedApiKey(undefined)).toBe(false);
    expect(isWellFormedApiKey(42)).toBe(false);
  });

  it('stores only a SHA-256 and a short display prefix', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(displayPrefix(key)).toBe(key.slice(0, 12));
  });
});
