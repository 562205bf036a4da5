import fc from 'fast-check';
import { rangeAffects, rangeProblem } from '../src/domain/advisory-ranges';

describe('advisory ranges', () => {
  it.each([
    ['<1.2.3', '1.2.2', true],
    ['<1.2.3', '1.2.3', false],
    ['<1.2.0', '1.2.0-rc.1', true],
    ['>=1.0.0 <1.4.2', '1.4.1', true],
    ['>=1.0.0 <1.4.2', '0.9.9', false],
    ['>=1.0.0 <1.4.2 || 2.0.0-beta.1', '2.0.0-beta.1', true],
    ['1.x', '1.99.0', true],
    ['1.x', '2.0.0', false],
    ['~1.2.0', '1.2.9', true],
    ['^1.2.0', '1.9.0', true],
    ['^1.2.0', '2.0.0-alpha', false],
    ['*', '3.0.0-beta', true],
    ['*', 'nightly-2024', true],
    ['<2.0.0', 'nightly-2024', false],
    ['nightly-2024', 'nightly-2024', true],
  ])('%s covers %s: %s', (range, version, affected) => {
    expect(rangeAffects(range, version)).toBe(affected);
  });

  it.each(['<1.2.3', '>=1.0.0 <1.4.2 || 2.x', '*', '1.2.3', ' ^1.0.0 '])('accepts %j', (range) => {
    expect(rangeProblem(range)).toBeNull();
  });

  it.each(['', '   ', 'not a range', '>=foo', 'x'.repeat(501)])('rejects %j', (range) => {
    expect(rangeProblem(range)).toEqual(expect.any(String));
  });

  it('an exact range covers exactly its version', () => {
    const semver = fc
      .tuple(fc.nat(50), fc.nat(50), fc.nat(50))
      .map(([major, minor, patch]) => `${major}.${minor}.${patch}`);
    fc.assert(
      fc.property(semver, semver, (a, b) => rangeAffects(a, b) === (a === b) && rangeAffects(`<=${a}`, a)),
    );
  });
});
