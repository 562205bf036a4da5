import { AppError, eventFamilyOf, hasScope, Scope, type EventEnvelope, type Principal } from '@mcpr/platform';

/**
 * Who sees which events in `Subscription.activity` (contract "Who may call what": `activity` for public
 * event types is public; security event types need AUDIT_READ).
 *
 * - public: registry and trust state changes of servers and namespaces (what `auditTrail` shows, plus
 *   namespace creation);
 * - AUDIT_READ (ADMIN implies it): the security events and every other type — API keys and accounts,
 *   individual installs (public only as counts), org policies;
 * - nobody: `search.performed`, which feeds only the analytics aggregates (ARCHITECTURE §4).
 */
export const SECURITY_EVENT_TYPES = ['auth.failed', 'access.denied', 'ratelimit.exceeded'] as const;

export const PUBLIC_ACTIVITY_FAMILIES = [
  'namespace',
  'server',
  'version',
  'scan',
  'tier',
  'review',
  'advisory',
  'attestation',
  'signature',
] as const;

export const NEVER_STREAMED_TYPES = ['search.performed'] as const;

export type Visibility = 'public' | 'restricted' | 'never';

export function visibilityOf(type: string): Visibility {
  if ((NEVER_STREAMED_TYPES as readonly string[]).includes(type)) return 'never';
  return (PUBLIC_ACTIVITY_FAMILIES as readonly string[]).includes(eventFamilyOf(type))
    ? 'public'
    : 'restricted';
}

/** True when the principal may receive events of `type`. */
export function mayReceive(principal: Principal, type: string): boolean {
  const visibility = visibilityOf(type);
  if (visibility === 'public') return true;
  return visibility === 'restricted' && hasScope(principal, Scope.AUDIT_READ);
}

/** `Subscription.activity`'s filter argument. */
export interface ActivityFilterInput {
  types?: readonly string[] | null;
  subjectPrefix?: string | null;
}

export const MAX_FILTER_TYPES = 50;
const TYPE_PATTERN = /^(\*|[a-z][a-z0-9_-]*(\.\*|(\.[a-z][a-z0-9_-]*)+))$/;

/**
 * The predicate of a filter for `principal`: the event's type matches one of `types` (exact, `family.*`
 * or `*`; none = all) and its subject starts with `subjectPrefix`, and the principal may see the type.
 * A malformed filter is BAD_USER_INPUT; naming a restricted type exactly without AUDIT_READ is FORBIDDEN
 * (patterns simply leave out what the caller may not see).
 */
export function activityMatcher(
  filter: ActivityFilterInput | null | undefined,
  principal: Principal,
): (event: EventEnvelope) => boolean {
  const types = filter?.types ?? [];
  if (types.length > MAX_FILTER_TYPES) {
    throw new AppError('BAD_USER_INPUT', `filter.types accepts at most ${MAX_FILTER_TYPES} entries.`);
  }
  for (const type of types) {
    if (!TYPE_PATTERN.test(type)) {
      throw new AppError(
        'BAD_USER_INPUT',
        `filter.types: "${type.slice(0, 100)}" is not an event type, family.* or *.`,
      );
    }
    if (!type.endsWith('*') && !mayReceive(principal, type)) {
      throw new AppError(
        'FORBIDDEN',
        visibilityOf(type) === 'never'
          ? `${type} events are not streamed (they feed analytics only).`
          : `${type} events need the AUDIT_READ scope.`,
      );
    }
  }
  const prefix = filter?.subjectPrefix ?? '';
  if (prefix.length > 300)
    throw new AppError('BAD_USER_INPUT', 'filter.subjectPrefix is longer than 300 characters.');
  const all = types.length === 0 || types.includes('*');
  const exact = new Set(types.filter((type) => !type.endsWith('.*')));
  const families = types.filter((type) => type.endsWith('.*')).map((type) => type.slice(0, -1));
  return (event) =>
    mayReceive(principal, event.type) &&
    (all || exact.has(event.type) || families.some((family) => event.type.startsWith(family))) &&
    event.subject.startsWith(prefix);
}
