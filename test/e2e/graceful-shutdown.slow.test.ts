import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR_LOCK_FILE } from '@mcpr/platform';
import { startStackProcess, type StackProcess } from '../src';

/**
 * `npm start` stopped with SIGTERM closes every service and exits 0, as a deployment's stop expects, and
 * lets its DATA_DIR go. It runs with NODE_ENV=production because Apollo Server installs its own signal
 * handlers outside NODE_ENV=test: they used to stop each server and re-send the signal, which cut the
 * platform's close short (exit 1, DATA_DIR still held).
 */
describe('graceful shutdown (embedded platform as a child process)', () => {
  let dataDir: string;
  let stack: StackProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcpr-shutdown-'));
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 on SIGTERM and releases DATA_DIR', async () => {
    stack = await startStackProcess({ dataDir, env: { NODE_ENV: 'production' } });
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(true);
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      stack!.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    stack.child.kill('SIGTERM');
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, DATA_DIR_LOCK_FILE))).toBe(false);

    // And it starts again on the same DATA_DIR.
    stack = await startStackProcess({ dataDir });
  }, 120_000);
});
