import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createLogger } from '../logging/logger';
import type { RunningService } from './running-service';

/**
 * The gateway → subgraph token secret: GATEWAY_TOKEN_SECRET when set (distributed mode must set the same
 * value everywhere), otherwise generated once into `<DATA_DIR>/gateway-token.secret` (mode 600).
 */
export function resolveGatewaySecret(secret: string | undefined, dataDir: string): string {
  if (secret) return secret;
  const file = join(dataDir, 'gateway-token.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  writeFileSync(file, generated + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return generated;
}

/**
 * Runs a service until SIGINT/SIGTERM, then closes it gracefully; a second signal or a close that takes
 * longer than `forceAfterMs` exits at once. Start-up failures exit non-zero with the reason.
 */
export async function runUntilSignal(
  name: string,
  start: () => Promise<RunningService | { close(): Promise<void> }>,
  forceAfterMs = 10_000,
): Promise<void> {
  const logger = createLogger(name);
  let service: { close(): Promise<void> };
  try {
    service = await start();
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, `${name} shutting down`);
    setTimeout(() => process.exit(1), forceAfterMs).unref();
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
