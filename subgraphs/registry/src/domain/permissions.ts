import { forbidden, isAdmin, patternsCover, type KeyPrincipal, type Scope } from '@mcpr/platform';
import { normalisePattern } from './names';

/**
 * Whether every server name matched by `requested` is also matched by one of `granted`.
 * Sound because a pattern's `*` can only be absorbed by a `*` of the granting pattern: matching the
 * requested pattern as a literal string against the granting ones proves inclusion.
 */
export function patternCoveredBy(granted: readonly string[], requested: string): boolean {
  return patternsCover(granted, normalisePattern(requested));
}

/** What a new key (created or rotated) would be able to do. */
export interface KeyGrant {
  scopes: readonly Scope[];
  /** null = the namespaces the account owns (evaluated at use). */
  namespaces: readonly string[] | null;
}

/**
 * A non-admin key may hand out only what it has itself: no scope it lacks, no namespace pattern its own
 * patterns do not cover. Throws FORBIDDEN otherwise. ADMIN may grant anything.
 */
export function assertMayGrant(caller: KeyPrincipal, grant: KeyGrant): void {
  if (isAdmin(caller)) return;
  const extra = grant.scopes.filter((scope) => !caller.scopes.includes(scope));
  if (extra.length > 0) {
    throw forbidden(`A key cannot grant scopes it does not have: ${extra.join(', ')}.`);
  }
  // A grant without explicit patterns follows the account's namespaces; the caller's own effective
  // patterns (explicit, or the owned namespaces) must cover each of them.
  const requested = grant.namespaces ?? caller.namespacePatterns;
  const uncovered = requested.filter((pattern) => !patternCoveredBy(caller.namespacePatterns, pattern));
  if (uncovered.length > 0) {
    throw forbidden(`A key cannot grant namespaces it does not cover: ${uncovered.join(', ')}.`);
  }
}
