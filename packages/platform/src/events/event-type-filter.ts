/**
 * Builds the predicate for `SubscribeOptions.types`: exact types, prefix patterns ending in `.*`
 * (`version.*` matches `version.published`, not `version`), and `*` for everything. No list means everything.
 */
export function eventTypeFilter(types?: readonly string[]): (type: string) => boolean {
  if (!types || types.length === 0 || types.includes('*')) return () => true;
  const exact = new Set(types.filter((t) => !t.endsWith('.*')));
  const prefixes = types.filter((t) => t.endsWith('.*')).map((t) => t.slice(0, -1)); // keep the dot
  return (type) => exact.has(type) || prefixes.some((prefix) => type.startsWith(prefix));
}

/** A canonical key for a type list, so two subscriptions of one group can be checked for the same filter. */
export function eventTypeFilterKey(types?: readonly string[]): string {
  if (!types || types.length === 0 || types.includes('*')) return '*';
  return [...new Set(types)].sort().join(',');
}
