import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR_LOCK_FILE, DataDirInUseError } from '@mcpr/platform';
import { startEmbeddedPlatform } from '../src/embedded';
import { startStack } from './support/stack';

describe('embedded mode holds its DATA_DIR', () => {
  it('refuses to start on a DATA_DIR another live process holds, before writing anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mcpr-held-'));
    try {
      // The parent of this jest worker stands in for a platform that is already running.
      writeFileSync(join(dataDir, DATA_DIR_LOCK_FILE), `${process.ppid}\n`);
      await expect(
        startEmbeddedPlatform({
          env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, HOST: '127.0.0.1' },
          ephemeralPorts: true,
        }),
      ).rejects.toBeInstanceOf(DataDirInUseError);
      expect(readdirSync(dataDir)).toEqual([DATA_DIR_LOCK_FILE]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('holds the DATA_DIR while running and lets it go on close', async () => {
    const stack = await startStack();
    const lockFile = join(stack.dataDir, DATA_DIR_LOCK_FILE);
    try {
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
      await stack.platform.close();
      expect(existsSync(lockFile)).toBe(false);
    } finally {
      await stack.close();
    }
  });
});
