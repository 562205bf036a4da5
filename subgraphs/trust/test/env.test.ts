import { EnvError } from '@mcpr/platform';
import { loadTrustEnv } from '../src/env';

describe('loadTrustEnv', () => {
  it('has defaults', () => {
    expect(loadTrustEnv({})).toMatchObject({
      TRUST_PORT: 4002,
      COMMUNITY_TRUSTED_MIN_INSTALLS: 100,
      DATA_DIR: '.data',
    });
  });

  it('reads its variables', () => {
    expect(
      loadTrustEnv({
        TRUST_PORT: '0',
        COMMUNITY_TRUSTED_MIN_INSTALLS: '5',
        TRUST_DATABASE_URL: 'postgres://u@h/db',
      }),
    ).toMatchObject({
      TRUST_PORT: 0,
      COMMUNITY_TRUSTED_MIN_INSTALLS: 5,
      TRUST_DATABASE_URL: 'postgres://u@h/db',
    });
  });

  it('reports every problem at once', () => {
    try {
      loadTrustEnv({ TRUST_PORT: 'x', COMMUNITY_TRUSTED_MIN_INSTALLS: '0', TRUST_DATABASE_URL: 'not a url' });
      throw new Error('expected an EnvError');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems.map((problem) => problem.split(':')[0])).toEqual([
        'TRUST_PORT',
        'TRUST_DATABASE_URL',
        'COMMUNITY_TRUSTED_MIN_INSTALLS',
      ]);
    }
  });
});
