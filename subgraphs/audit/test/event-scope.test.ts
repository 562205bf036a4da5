import { eventTypeFilter } from '@mcpr/platform';
import { isServerScoped } from '@mcpr/platform';
import { AUDIT_SUBSCRIPTION_TYPES, dispositionOf, isPublicTrailType } from '../src/domain';

describe('the tamper-evident scope (ARCHITECTURE §4)', () => {
  const registry = [
    'namespace.created',
    'apikey.created',
    'apikey.revoked',
    'server.created',
    'version.published',
    'version.status_changed',
    'install.recorded',
  ];
  const trust = [
    'scan.completed',
    'tier.changed',
    'review.submitted',
    'advisory.published',
    'policy.changed',
  ];

  it('appends registry and trust events and access.denied, aggregates auth.failed and ratelimit.exceeded', () => {
    for (const type of [...registry, ...trust, 'access.denied']) expect(dispositionOf(type)).toBe('append');
    expect(dispositionOf('auth.failed')).toBe('aggregate');
    expect(dispositionOf('ratelimit.exceeded')).toBe('aggregate');
    expect(dispositionOf('search.performed')).toBe('ignore');
    expect(dispositionOf('access.granted')).toBe('ignore');
  });

  it('subscribes to exactly what it keeps', () => {
    const matches = eventTypeFilter(AUDIT_SUBSCRIPTION_TYPES);
    for (const type of [...registry, ...trust, 'access.denied', 'auth.failed', 'ratelimit.exceeded']) {
      expect(matches(type)).toBe(true);
    }
    expect(matches('search.performed')).toBe(false);
  });

  it('shows registry and trust state changes of a server in public trails, nothing else', () => {
    for (const type of [
      'server.created',
      'version.published',
      'version.status_changed',
      ...trust.slice(0, 4),
    ]) {
      expect(isPublicTrailType(type)).toBe(true);
    }
    for (const type of [
      'auth.failed',
      'access.denied',
      'apikey.created',
      'namespace.created',
      'install.recorded',
    ]) {
      expect(isPublicTrailType(type)).toBe(false);
    }
    expect(isServerScoped('install.recorded')).toBe(true);
    expect(isServerScoped('namespace.created')).toBe(false);
  });
});
