import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { createTestDatabase, generateApiKey, testRedisUrl, type TestDatabase } from '@mcpr/platform';
import { GatewayClient } from './graphql-client';
import { claimRedisDb, type ClaimedRedisDb } from './redis-db';
import { freePorts, ROOT } from './stack-process';
import type { StackService, TestStack } from './test-stack';

/** The processes of the distributed layout: one per subgraph and the gateway. */
export const DISTRIBUTED_SERVICES = ['registry', 'trust', 'audit', 'search', 'gateway'] as const;
export type DistributedServiceName = (typeof DISTRIBUTED_SERVICES)[number];
const SUBGRAPHS = ['registry', 'trust', 'audit', 'search'] as const;

/** Each service's entry point (what `pnpm --filter <name> start` runs) and the variable holding its port. */
const SERVICE: Record<DistributedServiceName, { entry: string; portVariable: string }> = {
  registry: { entry: 'subgraphs/registry/dist/main.js', portVariable: 'REGISTRY_PORT' },
  trust: { entry: 'subgraphs/trust/dist/main.js', portVariable: 'TRUST_PORT' },
  audit: { entry: 'subgraphs/audit/dist/main.js', portVariable: 'AUDIT_PORT' },
  search: { entry: 'subgraphs/search/dist/main.js', portVariable: 'SEARCH_PORT' },
  gateway: { entry: 'gateway/dist/main.js', portVariable: 'PORT' },
};
const MIGRATE_ENTRY = 'gateway/dist/cli/migrate.js';

/** How much of each process's output is kept for failure reports. */
const OUTPUT_LIMIT = 64 * 1024;
// The whole start (database, migrate, every /ready) stays below the 60 s the suites give their beforeAll,
// so a slow start fails with the services' output instead of a bare hook timeout.
const START_TIMEOUT_MS = 50_000;
/** A start slower than this is reported on stderr with its breakdown (a loaded CI machine, or a regression). */
const SLOW_START_MS = 20_000;

/**
 * Preloaded into every service (`node --require`): the test process holds the other end of the child's
 * stdin, so when that process dies in any way (a jest worker force-exited after a hook timeout, a SIGKILL)
 * the pipe closes and the service stops instead of living on as an orphan holding ports and connections.
 */
const LIFELINE = `'use strict';
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
`;
const STOP_TIMEOUT_MS = 15_000;

export interface DistributedStackOptions {
  /** Extra environment for every process (a suite's rate-limit budgets, `REDIS_URL`, …). */
  env?: Record<string, string>;
}

export interface DistributedStack extends TestStack {
  layout: 'distributed';
  /** The fresh PostgreSQL database every service uses (each in its own schema). */
  databaseUrl: string;
  redisUrl: string;
  gatewaySecret: string;
  /** Base URL of one service (`http://127.0.0.1:<port>`); stable across restarts. */
  url(name: DistributedServiceName): string;
  /** How long the start took (ms): the database, `migrate`, and each service until its /ready answered. */
  startup: { database: number; migrate: number } & Record<DistributedServiceName, number>;
  /** The tail of one service's stdout and stderr (all its starts), for failure reports. */
  output(name: DistributedServiceName): string;
  /**
   * Runs `work`; if it throws (a failed expectation included), the error's message gets the tail of every
   * service's output, so a failure in one process is explained by the others' logs.
   */
  withServiceOutput<T>(work: () => Promise<T>): Promise<T>;
  /** Hard crash: SIGKILL, nothing flushed or closed. */
  kill(name: DistributedServiceName): Promise<void>;
  /** Starts the service again (stopping it gracefully first if it runs) on the same port and data; waits for /ready. */
  restart(name: DistributedServiceName): Promise<void>;
  /** SIGTERM every process, then drop the database, the Redis database claim and the data directories. */
  stop(): Promise<void>;
}

/**
 * One service process: started with `node <entry>`, its output kept in a bounded buffer, and a report on
 * stderr when it exits without being asked to (a crash mid-suite is otherwise invisible).
 */
class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private expectingExit = false;
  private buffer = '';

  constructor(
    readonly name: DistributedServiceName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly lifeline: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.buffer;
  }

  private record(chunk: Buffer | string): void {
    // MCPR_E2E_SERVICE_OUTPUT=stderr streams every process's output live (debugging a suite).
    if (process.env.MCPR_E2E_SERVICE_OUTPUT === 'stderr') {
      process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[${this.name}] `));
    }
    this.buffer += chunk.toString();
    if (this.buffer.length > OUTPUT_LIMIT) this.buffer = this.buffer.slice(-OUTPUT_LIMIT);
  }

  /** Spawns the process and waits until its /ready answers 200 (or fails with its output). */
  async start(deadline = Date.now() + START_TIMEOUT_MS): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.expectingExit = false;
    this.record(`--- start ${this.name} on port ${this.port}\n`);
    const child = spawn(
      process.execPath,
      ['--require', this.lifeline, join(ROOT, SERVICE[this.name].entry)],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: this.env,
      },
    );
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.record(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.record(chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.record(`--- ${this.name} exited (code ${code}, signal ${signal})\n`);
        if (!this.expectingExit) {
          process.stderr.write(
            `[distributed stack] ${this.name} exited unexpectedly (code ${code}, signal ${signal}); ` +
              `its output:\n${this.tail()}\n`,
          );
        }
        resolve();
      });
    });
    await this.waitForReady(child, deadline);
  }

  private async waitForReady(child: ChildProcess, deadline: number): Promise<void> {
    const started = Date.now();
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.name} exited before it was ready; its output:\n${this.tail()}`);
      }
      try {
        const response = await request(`${this.url}/ready`);
        last = `${response.statusCode} ${await response.body.text()}`;
        if (response.statusCode === 200) return;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${this.name} was not ready ${Date.now() - started} ms after its start (last /ready: ${last}); ` +
        `its output:\n${this.tail()}`,
    );
  }

  tail(lines = 60): string {
    return this.buffer.split('\n').slice(-lines).join('\n');
  }

  /** Sends `signal` and waits for the exit (SIGKILL after STOP_TIMEOUT_MS if SIGTERM is not enough). */
  async signal(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.expectingExit = true;
    this.child!.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Runs `node gateway/dist/cli/migrate.js` (what `pnpm migrate` runs) and fails with its output. */
async function runMigrate(env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, [join(ROOT, MIGRATE_ENTRY)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`migrate exited with ${code}:\n${output}`);
}

/** The variables that select external services or carry secrets: a child gets only the ones set here. */
const CONTROLLED_VARIABLE =
  /^(DATABASE_URL|[A-Z]+_DATABASE_URL|REDIS_URL|RATE_LIMIT_REDIS_URL|OPENSEARCH_URL|QDRANT_URL|EMBEDDINGS_URL|GATEWAY_TOKEN_SECRET|MCPR_BOOTSTRAP_ADMIN_KEY|AUDIT_SIGNING_KEY|DATA_DIR|[A-Z]+_URL|[A-Z]*PORT)$/;

function baseEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONTROLLED_VARIABLE.test(name)));
}

/**
 * The distributed process layout on PostgreSQL + Redis: a fresh database migrated by the `migrate` command
 * (services never migrate PostgreSQL at boot), then every subgraph and the gateway as its own
 * `node <pkg>/dist/main.js` process on free loopback ports, sharing a GATEWAY_TOKEN_SECRET and a bootstrap
 * admin key given through MCPR_BOOTSTRAP_ADMIN_KEY. Each process has its own DATA_DIR, as each container
 * would. Needs the build (`dist/`), DATABASE_URL and REDIS_URL; a private Redis database is claimed unless
 * `env.REDIS_URL` names one.
 */
export async function startDistributedStack(
  options: DistributedStackOptions = {},
): Promise<DistributedStack> {
  if (!process.env.DATABASE_URL) {
    throw new Error(
      'the distributed layout needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)',
    );
  }
  const suppliedRedis = options.env?.REDIS_URL;
  const baseRedis = suppliedRedis ?? testRedisUrl();
  if (!baseRedis) {
    throw new Error('the distributed layout needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379)');
  }

  const root = mkdtempSync(join(tmpdir(), 'mcpr-distributed-'));
  let database: TestDatabase | undefined;
  let claimed: ClaimedRedisDb | undefined;
  const processes = new Map<DistributedServiceName, ServiceProcess>();
  const stopAll = async () => {
    // The gateway first, so nothing new reaches a subgraph that is closing.
    await processes.get('gateway')?.signal('SIGTERM');
    await Promise.all(SUBGRAPHS.map((name) => processes.get(name)?.signal('SIGTERM')));
    await claimed?.release().catch(() => undefined);
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  };

  const began = Date.now();
  const startup = {} as DistributedStack['startup'];
  const timed = async <T>(phase: keyof DistributedStack['startup'], work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    startup[phase] = Date.now() - started;
    return result;
  };
  try {
    database = await timed('database', () => createTestDatabase('postgresql', 'stack'));
    if (database.target.dialect !== 'postgresql') throw new Error('expected a PostgreSQL database');
    const databaseUrl = database.target.url;
    let redisUrl = suppliedRedis;
    if (!redisUrl) {
      claimed = await claimRedisDb(baseRedis);
      redisUrl = claimed.url;
    }
    const gatewaySecret = randomBytes(32).toString('base64url');
    const adminKey = generateApiKey();
    const picked = await freePorts(DISTRIBUTED_SERVICES.length);
    const ports = Object.fromEntries(DISTRIBUTED_SERVICES.map((name, i) => [name, picked[i]!])) as Record<
      DistributedServiceName,
      number
    >;

    const shared: NodeJS.ProcessEnv = {
      ...baseEnvironment(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      APOLLO_TELEMETRY_DISABLED: '1',
      // The hashing embedder: no test should pay for loading the sentence encoder in a fifth process.
      SEARCH_EMBEDDER: 'hashing',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      GATEWAY_TOKEN_SECRET: gatewaySecret,
      ...Object.fromEntries(
        DISTRIBUTED_SERVICES.map((name) => [SERVICE[name].portVariable, String(ports[name])]),
      ),
      ...Object.fromEntries(
        SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}/graphql`]),
      ),
      ...options.env,
    };
    await timed('migrate', () => runMigrate({ ...shared, DATA_DIR: join(root, 'migrate') }));

    const lifeline = join(root, 'lifeline.js');
    writeFileSync(lifeline, LIFELINE);
    for (const name of DISTRIBUTED_SERVICES) {
      const dataDir = join(root, name);
      mkdirSync(dataDir, { recursive: true });
      const env: NodeJS.ProcessEnv = { ...shared, DATA_DIR: dataDir };
      if (name === 'registry') env.MCPR_BOOTSTRAP_ADMIN_KEY = adminKey;
      processes.set(name, new ServiceProcess(name, ports[name], env, lifeline));
    }
    // The secret where a service started on the gateway's DATA_DIR without GATEWAY_TOKEN_SECRET finds it
    // (a suite's extra gateway replica, as in the embedded layout).
    writeFileSync(join(root, 'gateway', 'gateway-token.secret'), `${gatewaySecret}\n`, { mode: 0o600 });

    // Durable consumer groups start at the beginning of the stream, so start order does not matter; the
    // gateway reads the committed supergraph and is ready once every subgraph answers.
    const deadline = began + START_TIMEOUT_MS;
    await Promise.all(
      DISTRIBUTED_SERVICES.map((name) => timed(name, () => processes.get(name)!.start(deadline))),
    );
    const total = Date.now() - began;
    if (total > SLOW_START_MS) {
      process.stderr.write(`[distributed stack] slow start: ${total} ms (${JSON.stringify(startup)})\n`);
    }

    const service = (name: DistributedServiceName): ServiceProcess => {
      const found = processes.get(name);
      if (!found) throw new Error(`no service ${name}`);
      return found;
    };
    const view = (name: DistributedServiceName): StackService => ({
      name,
      url: service(name).url,
      port: service(name).port,
      close: () => service(name).signal('SIGTERM'),
    });
    const gatewayUrl = service('gateway').url;
    const anonymous = new GatewayClient(gatewayUrl);
    return {
      layout: 'distributed',
      platform: { gateway: view('gateway'), services: SUBGRAPHS.map(view), dataDir: join(root, 'gateway') },
      anonymous,
      admin: anonymous.as(adminKey),
      adminKey,
      gatewayUrl,
      databaseUrl,
      redisUrl,
      gatewaySecret,
      startup,
      url: (name) => service(name).url,
      output: (name) => service(name).output(),
      async withServiceOutput(work) {
        try {
          return await work();
        } catch (error) {
          if (error instanceof Error) {
            const outputs = DISTRIBUTED_SERVICES.map((name) => `--- ${name}:\n${service(name).tail(30)}`);
            error.message += `\n\nService output (last lines):\n${outputs.join('\n')}`;
          }
          throw error;
        }
      },
      kill: (name) => service(name).signal('SIGKILL'),
      async restart(name) {
        await service(name).signal('SIGTERM');
        await service(name).start();
      },
      stop: stopAll,
      close: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
