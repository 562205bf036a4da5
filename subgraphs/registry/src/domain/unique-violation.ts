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

/**
 * Runs a transaction once more when it failed on a unique constraint. For commands that create a row on
 * first use (an account the first time a handle is named): when two such commands race, the loser's
 * transaction is rolled back whole, and its second attempt finds the row the winner committed.
 */
export async function retryOnceOnUniqueViolation<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return run();
    throw error;
  }
}
