import fc from 'fast-check';
import { canonicalDigest, canonicalJson, sha256Hex } from '../src/crypto/canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], '\u20ac': 1, '\r': 2 })).toBe(
      '{"\\r":2,"a":[true,null,"x"],"b":1,"\u20ac":1}',
    );
  });

  it('serialises numbers in ECMAScript shortest form (RFC 8785 appendix B samples)', () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.3333333, 4.5, 2e-3, 1e23])).toBe(
      '[1e+21,1e-7,0.000001,0,333333333.3333333,4.5,0.002,1e+23]',
    );
  });

  it('is stable under key reordering and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('rejects values without a JSON form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });

  it('digests as lowercase hex SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(canonicalDigest({ b: 1, a: 2 })).toBe(sha256Hex('{"a":2,"b":1}'));
  });
});
