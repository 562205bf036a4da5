/**
 * The Redis the integration suites use: REDIS_URL when set. Unset under CI=true is an error (the Redis
 * suites must run in CI); unset elsewhere gives `undefined`, and callers skip with a name that says why:
 * `describe.skip('redis (skipped: REDIS_URL not set)', ...)`.
 */
export function testRedisUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.REDIS_URL) return env.REDIS_URL;
  if (env.CI === 'true')
    throw new Error('CI=true but REDIS_URL is not set: the Redis suites must run in CI.');
  return undefined;
}
