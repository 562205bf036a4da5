import { parse as parseSemver } from 'semver';
import { describePath, type IssueCollector, type IssuePath } from '../issues';
import { LIMITS } from '../limits';

/*
 * The official registry does not require SemVer ("non-semantic versions are allowed but may not sort
 * predictably"); it only refuses "latest" and anything that looks like a range. Same here.
 */

/** A numeric version as ranges write it: `1`, `1.2`, `v1.2.3`, `1.2.3-beta.1`. */
const PLAIN = String.raw`v?\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?`;
/** `^1.2`, `~1`, `~>1.2`, `>=1`, `<2.0.0`, `=1.0.0` (anything may follow, e.g. `>=1 <2`). */
const COMPARATOR = new RegExp(String.raw`^(?:\^|~>?|[<>]=?|=)\s*${PLAIN}`);
/** `1.0 - 2.0` */
const HYPHEN_RANGE = new RegExp(String.raw`^${PLAIN}\s+-\s*${PLAIN}$`);
/** `1.x`, `1.2.*`, `x`, `*` — dotted numbers where at least one part is a wildcard. */
const WILDCARD = /^(?:v?\d+|[xX*])(?:\.(?:\d+|[xX*])){0,3}(?:-[0-9A-Za-z.-]+)?$/;

/** True when `version` is a range or wildcard rather than one specific version. */
export function looksLikeVersionRange(version: string): boolean {
  const text = version.trim();
  if (text === '') return false;
  if (text.includes('||')) return true;
  if (COMPARATOR.test(text) || HYPHEN_RANGE.test(text)) return true;
  // Only the dotted core counts: `1.0.0-x` is a pre-release, not a wildcard.
  return WILDCARD.test(text) && /[xX*]/.test(text.split('-')[0] ?? '');
}

/** True when `version` is a strict SemVer 2.0.0 version: no `v` or `=` prefix, no spaces, no range. */
export function isStrictSemver(version: string): boolean {
  return /^\d/.test(version) && !/\s/.test(version) && parseSemver(version) !== null;
}

/**
 * Checks a version string (the server's or a package's) and returns whether it is acceptable.
 * Empty, surrounding whitespace, over-long, `latest` and ranges are errors.
 */
export function checkVersionString(path: IssuePath, version: string, issues: IssueCollector): boolean {
  const label = describePath(path);
  if (version.trim() === '') {
    issues.error(path, `${label} must not be empty`);
    return false;
  }
  let valid = true;
  if (version.length > LIMITS.versionMaxLength) {
    issues.error(path, `${label} must be at most ${LIMITS.versionMaxLength} characters long`);
    valid = false;
  }
  if (version.trim() !== version) {
    issues.error(path, `${label} must not start or end with whitespace`);
    valid = false;
  }
  if (version.trim().toLowerCase() === 'latest') {
    issues.error(path, `${label} "latest" is reserved; give a specific version`);
    return false;
  }
  if (looksLikeVersionRange(version)) {
    issues.error(path, `${label} must be a specific version, not a range ("${version}")`);
    valid = false;
  }
  return valid;
}
