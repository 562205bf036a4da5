import { waitFor } from '@mcpr/platform';

/**
 * Runs `attempt` until it resolves without throwing (typically a function holding `expect`s) and returns
 * its value; after `timeoutMs` rethrows the last failure. For eventual consistency: poll the condition
 * itself, never sleep for a guessed time.
 */
export async function eventually<T>(
  attempt: () => T | Promise<T>,
  timeoutMs = 5_000,
  intervalMs = 20,
): Promise<T> {
  let lastError: unknown = new Error('eventually: no attempt finished');
  let value: T | undefined;
  let passed = false;
  try {
    await waitFor(
      async () => {
        try {
          value = await attempt();
          passed = true;
          return true;
        } catch (error) {
          lastError = error;
          return false;
        }
      },
      timeoutMs,
      'eventually',
      intervalMs,
    );
  } catch {
    throw lastError;
  }
  if (!passed) throw lastError;
  return value as T;
}
