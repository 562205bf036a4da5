import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Logger } from '@mcpr/platform';

type PinoFactory = (options: Record<string, unknown>, stream: NodeJS.WritableStream) => Logger;

// pino is the platform's dependency, not the gateway's: load it from there (tests only).
const requireFromPlatform = createRequire(join(__dirname, '../../../packages/platform/package.json'));

/** A JSON logger whose lines the test can read back. */
export function captureLogger(level = 'info'): { logger: Logger; lines(): Record<string, any>[] } {
  const pino = requireFromPlatform('pino') as PinoFactory;
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ name: 'gateway', level, base: { service: 'gateway' } }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, any>),
  };
}
