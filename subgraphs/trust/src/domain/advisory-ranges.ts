import { Range, satisfies } from 'semver';

/** Longest accepted `affectedVersions`. */
export const MAX_RANGE_LENGTH = 500;

const OPTIONS = { includePrerelease: true } as const;

/**
 * Checks an advisory's `affectedVersions`: a semver range (`<1.2.3`, `>=1.0.0 <1.4.2 || 2.0.0-beta.1`,
 * `1.x`, `*`). Returns an error message, or null when it is acceptable.
 */
export function rangeProblem(range: string): string | null {
  const trimmed = range.trim();
  if (trimmed === '') return 'affectedVersions must be a semver range such as "<1.2.3" or ">=1.0.0 <1.4.2".';
  if (trimmed.length > MAX_RANGE_LENGTH)
    return `affectedVersions has at most ${MAX_RANGE_LENGTH} characters.`;
  try {
    new Range(trimmed, OPTIONS);
    return null;
  } catch {
    return `"${trimmed}" is not a semver range (e.g. "<1.2.3", ">=1.0.0 <1.4.2", "1.x", "*").`;
  }
}

/**
 * Whether an advisory's range covers a version. Semver versions are matched with prereleases included
 * (`<1.2.0` covers `1.2.0-rc.1`); a non-semver version is covered only by a range naming it exactly or
 * by a range matching everything (`*`, `x`).
 */
export function rangeAffects(range: string, version: string): boolean {
  const trimmed = range.trim();
  if (trimmed === version) return true;
  try {
    const parsed = new Range(trimmed, OPTIONS);
    if (satisfies(version, parsed, OPTIONS)) return true;
    // `*` parses to a single comparator set with the empty (any) comparator.
    return parsed.set.some((set) => set.length === 1 && set[0]!.value === '');
  } catch {
    return false;
  }
}
