import { eventFamilyOf, isServerScoped } from '../src';

describe('event families', () => {
  it('reads the family before the first dot', () => {
    expect(eventFamilyOf('version.published')).toBe('version');
    expect(eventFamilyOf('ratelimit.exceeded')).toBe('ratelimit');
    expect(eventFamilyOf('bare')).toBe('bare');
  });

  it('knows which families have a server name as subject', () => {
    expect(isServerScoped('version.status_changed')).toBe(true);
    expect(isServerScoped('tier.changed')).toBe(true);
    expect(isServerScoped('apikey.created')).toBe(false);
    expect(isServerScoped('namespace.created')).toBe(false);
  });
});
