import { z } from 'zod';

/** Raised when the environment does not satisfy a service's schema; lists every problem at once. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/**
 * Parse an environment record with a zod schema. Each service's `env.ts` is the only caller that passes
 * `process.env`; everything else receives the typed result.
 */
export function parseEnv<S extends z.ZodTypeAny>(
  schema: S,
  source: Record<string, string | undefined>,
): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** An optional string variable where an empty value counts as unset. */
export const optionalString = () => z.preprocess(emptyToUndefined, z.string().optional());

/** An optional URL variable where an empty value counts as unset. */
export const optionalUrl = () => z.preprocess(emptyToUndefined, z.string().url().optional());

/** A TCP port (0 asks the OS for a free one). */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** `true/false/1/0/on/off/yes/no`. */
export const flag = (fallback: boolean) =>
  z
    .preprocess(emptyToUndefined, z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no']).optional())
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'on', 'yes'].includes(value)));

/** Variables every service shares. */
export const commonEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: optionalUrl(),
  REDIS_URL: optionalUrl(),
  GATEWAY_TOKEN_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),
  HOST: z.string().default('127.0.0.1'),
};
