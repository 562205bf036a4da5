import { readFileSync } from 'node:fs';

/** CPU time a process has used, in milliseconds: the whole process and its main (JavaScript) thread. */
export interface CpuTimes {
  processMs: number;
  mainThreadMs: number;
}

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux everywhere we run). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a /proc `stat` line, in ms; the command name may hold spaces, so fields count from its `)`. */
function statMs(path: string): number {
  const line = readFileSync(path, 'utf8');
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5) are the 12th and 13th after the state field (the first after ')').
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * Reads the CPU times of `pid` from /proc (Linux only; undefined elsewhere or once the process is gone).
 * On a loaded 2-core machine latency percentiles swing by several ms between identical runs, while the
 * CPU a search costs the platform's main thread moves much less: it is what a change to the request path
 * should be judged by.
 */
export function cpuTimes(pid: number | undefined): CpuTimes | undefined {
  if (pid === undefined) return undefined;
  try {
    return { processMs: statMs(`/proc/${pid}/stat`), mainThreadMs: statMs(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return undefined;
  }
}
