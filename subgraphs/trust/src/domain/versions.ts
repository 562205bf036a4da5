import { compare as semverCompare, parse as semverParse } from 'semver';
import { VersionStatus } from '@mcpr/platform';

/*
 * The registry's ordering of versions, replicated (subgraphs do not import each other): the same rule as
 * `subgraphs/registry/src/domain/versions.ts` (`compareForLatest`) and `@mcpr/manifest`'s strict semver
 * test. Trust takes the latest version itself from the registry's events (`isLatest`, `latestVersionId`);
 * it needs the ordering only to find the version a new one follows (the base of its tool diff) and the
 * chain along which reviews carry over.
 */

/** The alias accepted wherever a version is named (`vet`, `reviews`, ...). */
export const LATEST_ALIAS = 'latest';

/** What ordering needs to know about a version. */
export interface OrderedVersion {
  id: string;
  version: string;
  isSemver: boolean;
  status: VersionStatus | string;
  publishedAt: Date;
}

/** Strict semver as the registry decides it: starts with a digit, no white space, parses. */
export function isStrictSemver(version: string): boolean {
  return /^\d/.test(version) && !/\s/.test(version) && semverParse(version) !== null;
}

/**
 * Positive when `a` ranks after `b`: semver beats non-semver; among semver versions the higher wins;
 * otherwise, and on a tie, the later publish, then the larger id (UUIDv7, time-ordered).
 */
export function compareVersions(a: OrderedVersion, b: OrderedVersion): number {
  if (a.isSemver !== b.isSemver) return a.isSemver ? 1 : -1;
  if (a.isSemver) {
    const bySemver = semverCompare(a.version, b.version);
    if (bySemver !== 0) return bySemver;
  }
  const byTime = a.publishedAt.getTime() - b.publishedAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The version `version` follows: the highest-ranked live (not deleted) version that ranks below it. A
 * backport (1.0.1 published after 2.0.0) is compared with 1.0.0, not with 2.0.0.
 */
export function previousOf<T extends OrderedVersion>(
  version: OrderedVersion,
  others: readonly T[],
): T | undefined {
  let best: T | undefined;
  for (const other of others) {
    if (other.id === version.id || other.status === VersionStatus.DELETED) continue;
    if (compareVersions(other, version) >= 0) continue;
    if (!best || compareVersions(other, best) > 0) best = other;
  }
  return best;
}

/** `version` followed by every live version ranked below it, highest first. */
export function chainBelow<T extends OrderedVersion>(version: T, all: readonly T[]): T[] {
  const below = all
    .filter(
      (other) =>
        other.id !== version.id &&
        other.status !== VersionStatus.DELETED &&
        compareVersions(other, version) < 0,
    )
    .sort((a, b) => compareVersions(b, a));
  return [version, ...below];
}
