/**
 * Waits until `predicate` holds, checking every `intervalMs`; rejects with `message` after `timeoutMs`.
 * For tests: wait for the condition itself instead of sleeping for a guessed time.
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  message = 'condition',
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) throw new Error(`waitFor: ${message} not met within ${timeoutMs} ms`);
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}
