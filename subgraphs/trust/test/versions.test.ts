import { VersionStatus } from '@mcpr/platform';
import {
  chainBelow,
  compareVersions,
  isStrictSemver,
  previousOf,
  type OrderedVersion,
} from '../src/domain/versions';

let seq = 0;
function v(version: string, status: VersionStatus = VersionStatus.ACTIVE, at = ++seq): OrderedVersion {
  return {
    id: `id-${String(at).padStart(4, '0')}`,
    version,
    isSemver: isStrictSemver(version),
    status,
    publishedAt: new Date(at * 1000),
  };
}

describe('version ordering (the registry rule)', () => {
  it('knows strict semver', () => {
    expect(isStrictSemver('1.2.3')).toBe(true);
    expect(isStrictSemver('1.2.3-rc.1+build')).toBe(true);
    expect(isStrictSemver('v1.2.3')).toBe(false);
    expect(isStrictSemver('2024.01')).toBe(false);
  });

  it('ranks semver above non-semver, higher semver above lower, then later publishes', () => {
    const [a, b, c, d] = [v('nightly'), v('1.0.0'), v('0.9.0'), v('other')];
    expect(compareVersions(b!, a!)).toBeGreaterThan(0);
    expect(compareVersions(b!, c!)).toBeGreaterThan(0);
    expect(compareVersions(d!, a!)).toBeGreaterThan(0);
    expect(compareVersions(v('1.0.0-rc.1'), v('1.0.0'))).toBeLessThan(0);
  });

  it('finds the version a new one follows: a backport follows its own line', () => {
    const v100 = v('1.0.0');
    const v200 = v('2.0.0');
    const backport = v('1.0.1');
    expect(previousOf(backport, [v100, v200])).toBe(v100);
    expect(previousOf(v('2.1.0'), [v100, v200])).toBe(v200);
    expect(previousOf(v('0.1.0'), [v100, v200])).toBeUndefined();
    expect(previousOf(v('2.1.0'), [v100, v('2.0.0', VersionStatus.DELETED)])).toBe(v100);
    expect(previousOf(v('1.0.0-beta'), [v100])).toBeUndefined();
  });

  it('builds the chain below a version, highest first, without deleted versions', () => {
    const all = [
      v('1.0.0'),
      v('1.2.0', VersionStatus.DELETED),
      v('1.1.0', VersionStatus.DEPRECATED),
      v('2.0.0'),
    ];
    const head = v('1.3.0');
    expect(chainBelow(head, [...all, head]).map((x) => x.version)).toEqual(['1.3.0', '1.1.0', '1.0.0']);
  });
});
