/**
 * Builds the predicate for `SubscribeOptions.types`: exact types, prefix patterns ending in `.*`
 * (`version.*` matches `version.published`, not `version`), and `*` for everything. No list (or a list of
 * exclusions only) means everything. A pattern prefixed with `!` excludes what it matches, whatever the
 * other patterns say: `['*', '!search.performed']` is every type but one, so a consumer that needs almost
 * everything is never handed (nor, in memory, queued) the high-volume types it would drop.
 */
export function eventTypeFilter(types?: readonly string[]): (type: string) => boolean {
  const include = matcher(
    (types ?? []).filter((t) => !t.startsWith('!')),
    true,
  );
  const excluded = (types ?? []).filter((t) => t.startsWith('!')).map((t) => t.slice(1));
  if (excluded.length === 0) return include;
  const exclude = matcher(excluded, false);
  return (type) => include(type) && !exclude(type);
}

/** Exact types and `.*` prefixes; `*` matches everything, and so does an empty list when `emptyMatchesAll`. */
function matcher(patterns: readonly string[], emptyMatchesAll: boolean): (type: string) => boolean {
  if (patterns.includes('*') || (emptyMatchesAll && patterns.length === 0)) return () => true;
  if (patterns.length === 0) return () => false;
  const exact = new Set(patterns.filter((t) => !t.endsWith('.*')));
  const prefixes = patterns.filter((t) => t.endsWith('.*')).map((t) => t.slice(0, -1)); // keep the dot
  return (type) => exact.has(type) || prefixes.some((prefix) => type.startsWith(prefix));
}

/** A canonical key for a type list, so two subscriptions of one group can be checked for the same filter. */
export function eventTypeFilterKey(types?: readonly string[]): string {
  const unique = [...new Set(types ?? [])];
  const excluded = unique.filter((t) => t.startsWith('!')).sort();
  const included = unique.filter((t) => !t.startsWith('!'));
  const base = included.length === 0 || included.includes('*') ? ['*'] : included.sort();
  return [...base, ...excluded].join(',');
}
