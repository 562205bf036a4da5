import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** The file that marks a DATA_DIR as held by one running platform. */
export const DATA_DIR_LOCK_FILE = 'mcp-registry.pid';

/** Thrown when another live process holds the DATA_DIR. */
export class DataDirInUseError extends Error {
  readonly code = 'DATA_DIR_IN_USE';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by process ${pid}, another MCP Registry. Two platforms on one ` +
        'DATA_DIR would write the same SQLite files and relay the same events twice. Stop the other one, ' +
        `or set DATA_DIR to another folder. If process ${pid} is not MCP Registry, delete ${lockFile}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock file, unless another process has taken it over since. Idempotent. */
  release(): void;
}

/**
 * Claims `dataDir` for this process with a pid file. A lock left by a process that is gone (a crash, a
 * SIGKILL) is taken over; one held by a live process fails with {@link DataDirInUseError}. A lock this
 * very process holds is taken over too: in-process tests start several platforms one after another, and
 * only a second process can be a second writer.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATA_DIR_LOCK_FILE);
  const own = String(process.pid);
  // Two attempts: the second follows the removal of a stale lock (and loses cleanly to a concurrent start).
  for (let attempt = 0; ; attempt++) {
    try {
      createLockFile(file, `${own}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
        throw new DataDirInUseError(dataDir, holder, file);
      }
      if (attempt > 0) throw error;
      removeIfHeldBy(file, holder);
    }
  }
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      removeIfHeldBy(file, process.pid);
    },
  };
}

/**
 * Creates `file` with `content`, failing with EEXIST when it exists. The content is written to a private
 * temporary file first and hard-linked into place, so the lock never exists half written: a start that
 * raced with this one would otherwise read an empty file, take it for stale and remove it. Where hard
 * links are not supported, it falls back to an exclusive create and then a write.
 */
function createLockFile(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, content, { mode: 0o644, flag: 'wx' });
  try {
    linkSync(temporary, file);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw error;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
  } finally {
    unlinkSync(temporary);
  }
  const fd = openSync(file, 'wx', 0o644);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

/** The pid in a lock file; undefined when it is unreadable or half written (then it is stale). */
function readHolder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfHeldBy(file: string, pid: number | undefined): void {
  if (readHolder(file) !== pid) return;
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
