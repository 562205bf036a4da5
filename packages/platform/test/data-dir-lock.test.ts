import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DATA_DIR_LOCK_FILE, DataDirInUseError, lockDataDir } from '../src/server/data-dir-lock';

// The module object itself (not an import namespace copy), so that spies reach the code under test.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcpr-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const lockFile = () => join(dir, DATA_DIR_LOCK_FILE);

  it('writes this process id and removes the file on release', () => {
    const lock = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses a DATA_DIR that a live process holds, and names it', () => {
    // The parent of this jest worker is alive for the whole test.
    writeFileSync(lockFile(), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    try {
      lockDataDir(dir);
    } catch (error) {
      expect((error as DataDirInUseError).code).toBe('DATA_DIR_IN_USE');
      expect((error as Error).message).toContain(`in use by process ${process.ppid}`);
      expect((error as Error).message).toContain(lockFile());
    }
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.ppid));
  });

  it('takes over a lock left by a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(gone.stdout);
    expect(deadPid).toBeGreaterThan(0);
    writeFileSync(lockFile(), `${deadPid}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('takes over an unreadable lock file and its own earlier lock', () => {
    writeFileSync(lockFile(), 'not a pid');
    const first = lockDataDir(dir);
    const second = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
    second.release();
    first.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('does not remove a lock another process took over', () => {
    const lock = lockDataDir(dir);
    writeFileSync(lockFile(), `${process.ppid}\n`);
    lock.release();
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.ppid));
  });

  it('links a complete file into place and leaves no temporary file behind', () => {
    const link = jest.spyOn(fs, 'linkSync');
    try {
      const lock = lockDataDir(dir);
      // The lock appeared by a hard link of a file already holding the pid: never empty, even for a moment.
      expect(link).toHaveBeenCalledTimes(1);
      expect(readdirSync(dir)).toEqual([DATA_DIR_LOCK_FILE]);
      writeFileSync(lockFile(), `${process.ppid}\n`);
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(readdirSync(dir)).toEqual([DATA_DIR_LOCK_FILE]);
      lock.release();
    } finally {
      link.mockRestore();
    }
  });

  it('falls back to an exclusive create where hard links are not supported', () => {
    const link = jest.spyOn(fs, 'linkSync').mockImplementation(() => {
      throw Object.assign(new Error('operation not supported'), { code: 'ENOTSUP' });
    });
    try {
      const lock = lockDataDir(dir);
      expect(link).toHaveBeenCalledTimes(1);
      expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(process.pid));
      expect(readdirSync(dir)).toEqual([DATA_DIR_LOCK_FILE]);
      lock.release();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      link.mockRestore();
    }
  });
});
