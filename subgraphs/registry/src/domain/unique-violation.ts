import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { failure, type Outcome, type UserErrorData } from '@mcpr/platform';

/**
 * Runs a command whose uniqueness pre-checks can lose a race with a concurrent one: the database's
 * unique constraint then fails the transaction (nothing is stored), and the caller gets a CONFLICT
 * user error instead of an internal error.
 */
export async function mapUniqueViolation<T>(
  run: () => Promise<Outcome<T>>,
  conflict: () => UserErrorData,
): Promise<Outcome<T>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return failure(conflict());
    throw error;
  }
}
