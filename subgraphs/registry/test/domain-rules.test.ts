import { AppError, Scope, VersionStatus, type KeyPrincipal } from '@mcpr/platform';
import {
  isValidHandle,
  isValidNamespaceName,
  isValidNamespacePattern,
  normalisePattern,
} from '../src/domain/names';
import { assertMayGrant, patternCoveredBy } from '../src/domain/permissions';
import { compareForLatest, pickLatest, serverStatusOf, type LatestCandidate } from '../src/domain/versions';
import { distinctRemoteUrls, issuesToUserErrors, readNameLeniently } from '../src/domain/publishing';
import { likeContains, pageOfVersions, versionCursor } from '../src/domain/listing';
import type { ServerVersionEntity } from '../src/data/entities';

const key = (scopes: Scope[], namespacePatterns: string[]): KeyPrincipal => ({
  kind: 'key',
  keyId: 'k',
  accountId: 'a',
  handle: 'alice',
  scopes,
  namespacePatterns,
  expiresAt: null,
});

describe('names', () => {
  it('accepts reverse-DNS namespaces only', () => {
    expect(isValidNamespaceName('io.github.alice')).toBe(true);
    expect(isValidNamespaceName('com.example')).toBe(true);
    expect(isValidNamespaceName('io.github.21st-dev')).toBe(true);
    expect(isValidNamespaceName('alice')).toBe(false);
    expect(isValidNamespaceName('io..github')).toBe(false);
    expect(isValidNamespaceName('io.github.-alice')).toBe(false);
    expect(isValidNamespaceName('io.github/alice')).toBe(false);
  });

  it('checks handles and patterns', () => {
    expect(isValidHandle('alice')).toBe(true);
    expect(isValidHandle('acme-corp.eu')).toBe(true);
    expect(isValidHandle('-alice')).toBe(false);
    expect(isValidHandle('a b')).toBe(false);
    expect(isValidNamespacePattern('io.github.acme/*')).toBe(true);
    expect(isValidNamespacePattern('io.github.acme')).toBe(true);
    expect(isValidNamespacePattern('*')).toBe(true);
    expect(isValidNamespacePattern('io.github.acme/a/b')).toBe(false);
    expect(isValidNamespacePattern('')).toBe(false);
    expect(normalisePattern('io.github.acme')).toBe('io.github.acme/*');
    expect(normalisePattern('io.github.acme/x')).toBe('io.github.acme/x');
  });
});

describe('pattern coverage', () => {
  it('a pattern covers the patterns it includes, and no broader ones', () => {
    expect(patternCoveredBy(['io.github.acme/*'], 'io.github.acme/*')).toBe(true);
    expect(patternCoveredBy(['io.github.acme/*'], 'io.github.acme')).toBe(true);
    expect(patternCoveredBy(['io.github.acme/*'], 'io.github.acme/weather')).toBe(true);
    expect(patternCoveredBy(['io.github.acme/*'], 'io.github.acme/w*')).toBe(true);
    expect(patternCoveredBy(['io.github.acme/w*'], 'io.github.acme/*')).toBe(false);
    expect(patternCoveredBy(['io.github.acme/*'], 'io.github.*')).toBe(false);
    expect(patternCoveredBy(['io.github.acme/*'], '*')).toBe(false);
    expect(patternCoveredBy(['io.github.acme/*'], 'io.github.acmecorp/*')).toBe(false);
    expect(patternCoveredBy(['*'], 'anything.at.all/*')).toBe(true);
    expect(patternCoveredBy([], 'io.github.acme/*')).toBe(false);
  });

  it('non-admin keys cannot grant more scopes or broader namespaces', () => {
    const caller = key([Scope.SERVERS_PUBLISH], ['io.github.acme/*']);
    expect(() =>
      assertMayGrant(caller, { scopes: [Scope.SERVERS_PUBLISH], namespaces: ['io.github.acme/x'] }),
    ).not.toThrow();
    expect(() =>
      assertMayGrant(caller, { scopes: [Scope.SERVERS_MANAGE], namespaces: ['io.github.acme/*'] }),
    ).toThrow(AppError);
    expect(() => assertMayGrant(caller, { scopes: [Scope.ADMIN], namespaces: [] })).toThrow(/scopes/);
    expect(() => assertMayGrant(caller, { scopes: [], namespaces: ['io.github.other/*'] })).toThrow(
      /namespaces/,
    );
    expect(() =>
      assertMayGrant(key([Scope.ADMIN], []), { scopes: [Scope.ADMIN], namespaces: ['*'] }),
    ).not.toThrow();
  });
});

describe('isLatest', () => {
  let seq = 0;
  const v = (
    version: string,
    isSemver: boolean,
    at: number,
    status = VersionStatus.ACTIVE,
  ): LatestCandidate => ({
    id: `id-${String(seq++).padStart(4, '0')}`,
    version,
    isSemver,
    status,
    publishedAt: new Date(at),
  });

  it('semver beats non-semver regardless of publish time', () => {
    const semverOld = v('1.0.0', true, 1);
    const dateNew = v('2025-09-01', false, 100);
    expect(pickLatest([dateNew, semverOld])).toBe(semverOld);
  });

  it('highest semver wins; a prerelease is lower than its release', () => {
    const a = v('1.2.0', true, 5);
    const b = v('1.10.0', true, 1);
    const rc = v('2.0.0-rc.1', true, 10);
    const release = v('2.0.0', true, 2);
    expect(pickLatest([a, b])).toBe(b);
    expect(pickLatest([a, b, rc])).toBe(rc);
    expect(pickLatest([a, b, rc, release])).toBe(release);
  });

  it('among non-semver versions the latest publish wins', () => {
    const first = v('alpha', false, 1);
    const second = v('beta', false, 2);
    expect(pickLatest([second, first])).toBe(second);
  });

  it('DELETED never counts; DEPRECATED stays latest', () => {
    const one = v('1.0.0', true, 1);
    const two = v('2.0.0', true, 2, VersionStatus.DELETED);
    const three = v('3.0.0', true, 3, VersionStatus.DEPRECATED);
    expect(pickLatest([one, two])).toBe(one);
    expect(pickLatest([one, two, three])).toBe(three);
    expect(serverStatusOf(pickLatest([one, two, three]))).toBe(VersionStatus.DEPRECATED);
    expect(pickLatest([two])).toBeUndefined();
    expect(serverStatusOf(undefined)).toBe(VersionStatus.DELETED);
  });

  it('is a total order (antisymmetric)', () => {
    const items = [v('1.0.0', true, 1), v('1.0.0+b', true, 1), v('x', false, 2), v('y', false, 2)];
    for (const a of items)
      for (const b of items) {
        if (a !== b) expect(Math.sign(compareForLatest(a, b))).toBe(-Math.sign(compareForLatest(b, a)));
      }
  });
});

describe('publish rules', () => {
  it('reads the name leniently for the authorization check', () => {
    expect(readNameLeniently({ name: 'io.github.a/b' })).toBe('io.github.a/b');
    expect(readNameLeniently({ name: 3 })).toBeUndefined();
    expect(readNameLeniently(null)).toBeUndefined();
    expect(readNameLeniently(['x'])).toBeUndefined();
  });

  it('prefixes issue paths with the input field', () => {
    expect(
      issuesToUserErrors([
        {
          severity: 'error',
          code: 'BAD_USER_INPUT',
          message: 'm',
          path: ['packages', '0', 'transport', 'url'],
        },
      ]),
    ).toEqual([
      { code: 'BAD_USER_INPUT', message: 'm', path: ['manifest', 'packages', '0', 'transport', 'url'] },
    ]);
  });

  it('claims each remote URL once, reported at its first index', () => {
    expect(
      distinctRemoteUrls({
        remotes: [
          { type: 'sse', url: 'https://a' },
          { type: 'sse', url: 'https://b' },
          { type: 'streamable-http', url: 'https://a' },
        ],
      }),
    ).toEqual([
      { url: 'https://a', index: 0 },
      { url: 'https://b', index: 1 },
    ]);
  });
});

describe('listing helpers', () => {
  it('escapes LIKE wildcards', () => {
    expect(likeContains('My_Server%!')).toBe('%my!_server!%!!%');
  });

  it('pages versions by cursor', () => {
    const versions = ['a', 'b', 'c'].map((id) => ({ id }) as ServerVersionEntity);
    const first = pageOfVersions(versions, { first: 2 });
    expect(first.versions.map((x) => x.id)).toEqual(['a', 'b']);
    expect(first.hasNextPage).toBe(true);
    const next = pageOfVersions(versions, { first: 2, after: versionCursor(versions[1]!) });
    expect(next.versions.map((x) => x.id)).toEqual(['c']);
    expect(next.hasNextPage).toBe(false);
  });
});
