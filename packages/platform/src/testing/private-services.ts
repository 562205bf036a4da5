import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/*
 * Private Redis and PostgreSQL servers for fault tests: each test file gets its own instances on free
 * loopback ports, so stopping Redis or freezing PostgreSQL never disturbs suites running in parallel on
 * the shared services. Under CI=true missing binaries are an error; elsewhere callers skip and say why.
 */

/** A free loopback port right now (the kernel's pick; the server binds it moments later). */
async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

/** The newest `/usr/lib/postgresql/<version>/bin` holding initdb and pg_ctl (Debian layout), else PATH. */
function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const initdb = onPath('initdb');
  return initdb && onPath('pg_ctl') ? join(initdb, '..') : undefined;
}

/**
 * Why the private services cannot run here (a missing binary), or undefined when they can. Under CI=true
 * a missing binary throws: CI runs on machines that have them, so the fault tests must not vanish there.
 */
export function privateServicesUnavailable(
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const missing: string[] = [];
  if (!onPath('redis-server')) missing.push('redis-server');
  if (!postgresBinDir()) missing.push('PostgreSQL server binaries (initdb, pg_ctl)');
  if (missing.length === 0) return undefined;
  const reason = `${missing.join(' and ')} not found`;
  if (env.CI === 'true') throw new Error(`CI=true but ${reason}: the fault tests must run in CI.`);
  return reason;
}

/** Why a private Redis cannot run here, or undefined (under CI=true a missing binary throws). */
export function privateRedisUnavailable(
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  if (onPath('redis-server')) return undefined;
  if (env.CI === 'true')
    throw new Error('CI=true but redis-server is not installed: the Redis fault tests must run in CI.');
  return 'redis-server not found';
}

/** Resolves once something accepts TCP connections on the port and answers `probe` as expected. */
async function waitUntilAnswers(
  port: number,
  probe: { send: string; expect: string } | undefined,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      let received = '';
      const done = (value: boolean) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('connect', () => {
        if (!probe) return done(true);
        socket.write(probe.send);
      });
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8');
        if (probe && received.includes(probe.expect)) done(true);
      });
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${what} did not answer on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Processes still running at exit (a crashed test file) are killed, never left behind. */
const leftovers = new Set<() => void>();
let exitHookInstalled = false;
/** Remembers a process to kill at exit; the hook is installed on first use, not at import. */
function killAtExit(kill: () => void): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const leftover of leftovers) leftover();
    });
  }
  leftovers.add(kill);
}

export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Whether the server is currently running. */
  readonly running: boolean;
  /** Stops the server (SIGTERM, nothing saved); its data is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and nothing answers. */
  freeze(): void;
  /** Lets a frozen server go on (SIGCONT). */
  thaw(): void;
  /** Stops it for good (idempotent; safe after a failed test). */
  close(): Promise<void>;
}

/** A `redis-server` of its own on a free loopback port, without persistence. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const binary = onPath('redis-server');
  if (!binary) throw new Error('redis-server not found');
  const port = await freeLoopbackPort();
  let child: ChildProcess | undefined;
  let closed = false;
  const kill = () => child?.kill('SIGKILL');

  const start = async () => {
    if (closed) throw new Error('the private Redis is closed');
    if (child) return;
    const started = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    child = started;
    killAtExit(kill);
    started.once('exit', () => {
      if (child === started) child = undefined;
    });
    await waitUntilAnswers(port, { send: 'PING\r\n', expect: '+PONG' }, 10_000, 'redis-server');
  };

  const stop = async () => {
    const running = child;
    if (!running) return;
    running.kill('SIGCONT'); // a frozen server cannot act on SIGTERM
    running.kill('SIGTERM');
    await waitForExit(running, 5_000);
    if (child === running) child = undefined;
    leftovers.delete(kill);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return child !== undefined;
    },
    stop,
    start,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    async close() {
      closed = true;
      await stop();
    },
  };
}

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth). */
  url: string;
  port: number;
  /** Whether the cluster is frozen by `pause()`. */
  readonly paused: boolean;
  /**
   * Freezes the postmaster and every backend and auxiliary process (SIGSTOP): connections stay open and
   * the kernel still accepts new ones, but nothing answers — the hardest outage for a client to notice.
   */
  pause(): void;
  /** Thaws every process frozen by `pause()` (SIGCONT). */
  resume(): void;
  /** Stops the cluster (resuming it first) and deletes its directory; idempotent; safe after a failure. */
  close(): Promise<void>;
}

/** How to run PostgreSQL's tools: as `postgres` when we are root (initdb refuses root), else as ourselves. */
function postgresRunner(): { user?: string; uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const passwd = readFileSync('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { user: 'postgres', uid: Number(uid), gid: Number(gid) };
}

function runTool(bin: string, tool: string, args: string[], runner: { user?: string }): void {
  const command = runner.user ? 'runuser' : join(bin, tool);
  const argv = runner.user ? ['-u', runner.user, '--', join(bin, tool), ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(
      `${tool} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`,
    );
  }
}

/** The postmaster and all its descendants (Linux /proc). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
}

/**
 * A PostgreSQL cluster of its own: initdb into a temporary directory (owned by `postgres` when we are
 * root), trust authentication, listening on a free loopback port with its socket in that directory.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found');
  const runner = postgresRunner();
  const dir = mkdtempSync(join(tmpdir(), 'mcpr-pg-'));
  const data = join(dir, 'data');
  if (runner.uid !== undefined) chownSync(dir, runner.uid, runner.gid!);
  const port = await freeLoopbackPort();
  let postmaster: number | undefined;
  let frozen: number[] = [];
  let closing: Promise<void> | undefined;

  const kill = () => {
    if (postmaster === undefined) return;
    const tree = processTree(postmaster);
    signal(tree, 'SIGCONT');
    signal([postmaster], 'SIGQUIT'); // immediate shutdown; its children follow
  };

  const close = () =>
    (closing ??= (async () => {
      try {
        if (frozen.length) signal(frozen, 'SIGCONT');
        frozen = [];
        if (postmaster !== undefined) {
          try {
            runTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '20', 'stop'], runner);
          } catch {
            kill();
          }
        }
      } finally {
        leftovers.delete(kill);
        postmaster = undefined;
        rmSync(dir, { recursive: true, force: true });
      }
    })());

  try {
    runTool(
      bin,
      'initdb',
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
      runner,
    );
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=100',
    ].join(' ');
    runTool(
      bin,
      'pg_ctl',
      ['-D', data, '-l', join(dir, 'postgres.log'), '-o', settings, '-w', '-t', '60', 'start'],
      runner,
    );
    postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    killAtExit(kill);
    await waitUntilAnswers(port, undefined, 10_000, 'PostgreSQL');
  } catch (error) {
    await close();
    throw error;
  }

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    get paused() {
      return frozen.length > 0;
    },
    pause() {
      if (postmaster === undefined) throw new Error('the private PostgreSQL is not running');
      if (frozen.length) return;
      // The postmaster first, so it forks no new backend while the others are being stopped.
      signal([postmaster], 'SIGSTOP');
      frozen = processTree(postmaster);
      signal(frozen, 'SIGSTOP');
    },
    resume() {
      if (!frozen.length) return;
      signal(frozen, 'SIGCONT');
      frozen = [];
    },
    close,
  };
}
