import { compare as semverCompare } from 'semver';
import { VersionStatus } from '@mcpr/platform';

/** The facts `isLatest` is decided on. */
export interface LatestCandidate {
  id: string;
  version: string;
  isSemver: boolean;
  status: VersionStatus;
  publishedAt: Date;
}

/**
 * Orders two versions for "latest": positive when `a` is later. Semver beats non-semver; among semver
 * versions the higher one wins (a prerelease is lower than its release); otherwise, and on a tie, the
 * later publish wins, then the larger id (UUIDv7, so also time-ordered) for determinism.
 */
export function compareForLatest(a: LatestCandidate, b: LatestCandidate): number {
  if (a.isSemver !== b.isSemver) return a.isSemver ? 1 : -1;
  if (a.isSemver) {
    const bySemver = semverCompare(a.version, b.version);
    if (bySemver !== 0) return bySemver;
  }
  const byTime = a.publishedAt.getTime() - b.publishedAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The latest of a server's versions: DELETED versions never count; a DEPRECATED one may be latest. */
export function pickLatest<T extends LatestCandidate>(versions: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const version of versions) {
    if (version.status === VersionStatus.DELETED) continue;
    if (!best || compareForLatest(version, best) > 0) best = version;
  }
  return best;
}

/** A server's status: its latest version's status, or DELETED when every version is deleted. */
export function serverStatusOf(latest: LatestCandidate | undefined): VersionStatus {
  return latest ? latest.status : VersionStatus.DELETED;
}

/** `serverVersion(name, "latest")` and friends: the alias for the latest version. */
export const LATEST_ALIAS = 'latest';
