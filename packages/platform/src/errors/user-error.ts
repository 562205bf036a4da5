import type { UserErrorCode } from './error-codes';

/** An expected mutation outcome, returned in a payload's `userErrors` (never thrown). */
export interface UserErrorData {
  code: UserErrorCode;
  message: string;
  path: string[];
}

export function userError(code: UserErrorCode, message: string, path: string[] = []): UserErrorData {
  return { code, message, path };
}

/** The result of a domain command: a value, or the user errors that explain why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: UserErrorData[] };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const failure = <T = never>(...errors: UserErrorData[]): Outcome<T> => ({ ok: false, errors });
