import { EnvError } from '@mcpr/platform';
import { loadAuditEnv } from '../src/env';

describe('loadAuditEnv', () => {
  it('has the documented defaults', () => {
    expect(loadAuditEnv({})).toMatchObject({
      AUDIT_PORT: 4003,
      AUDIT_CHECKPOINT_INTERVAL_MS: 1000,
      DATA_DIR: '.data',
    });
    expect(loadAuditEnv({}).AUDIT_SIGNING_KEY).toBeUndefined();
    expect(loadAuditEnv({ AUDIT_SIGNING_KEY: '', AUDIT_ORIGIN: '' }).AUDIT_ORIGIN).toBeUndefined();
  });

  it('reports every invalid variable at once', () => {
    try {
      loadAuditEnv({ AUDIT_PORT: 'x', AUDIT_CHECKPOINT_INTERVAL_MS: '0', AUDIT_ORIGIN: 'has space' });
      throw new Error('expected an EnvError');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems).toHaveLength(3);
    }
  });
});
