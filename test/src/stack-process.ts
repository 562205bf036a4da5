import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';

/** The repository root (test/src or test/dist → ../..). */
export const ROOT = join(__dirname, '..', '..');

export interface StackProcess {
  child: ChildProcess;
  gatewayUrl: string;
  registryUrl: string;
  searchUrl: string;
  dataDir: string;
  adminKey: string;
  gatewaySecret: string;
  /** Graceful stop (SIGTERM); removes DATA_DIR unless the caller supplied it. */
  stop(): Promise<void>;
  /** Hard crash (SIGKILL); DATA_DIR is kept so a restart can recover from it. */
  kill(): Promise<void>;
}

/** External services are used only when asked for: the child runs on embedded defaults unless `env` names them. */
const EXTERNAL_SERVICE_VARIABLE =
  /^(DATABASE_URL|REDIS_URL|OPENSEARCH_URL|QDRANT_URL|EMBEDDINGS_URL|[A-Z]+_DATABASE_URL)$/;

function embeddedEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !EXTERNAL_SERVICE_VARIABLE.test(name)));
}

/**
 * `count` distinct ports free on loopback right now (the kernel's picks, all held until the last is found
 * so none repeats); a child binds them moments later.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function waitForReady(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the platform exited (${child.exitCode ?? child.signalCode}) before ${url} was ready`);
    }
    try {
      const response = await request(`${url}/ready`);
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms`);
}

/**
 * Runs the embedded platform (`gateway/dist/embedded-main.js`, as `npm start` does) as a child process on
 * free loopback ports with a private DATA_DIR, so load generation does not share its event loop.
 */
export async function startStackProcess(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    /** How long to wait for /ready (default 60 s; a start that rebuilds a large search index needs more). */
    readyTimeoutMs?: number;
    /** Node options for the child, e.g. `--cpu-prof` (refused in NODE_OPTIONS). */
    nodeArgs?: string[];
  } = {},
): Promise<StackProcess> {
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mcpr-stack-'));
  const [gatewayPort, registryPort, trustPort, auditPort, searchPort] = await freePorts(5);
  const ports = {
    PORT: gatewayPort!,
    REGISTRY_PORT: registryPort!,
    TRUST_PORT: trustPort!,
    AUDIT_PORT: auditPort!,
    SEARCH_PORT: searchPort!,
  };
  const env: NodeJS.ProcessEnv = {
    // As `npm start` runs it (jest's NODE_ENV=test, when set, is kept).
    NODE_ENV: 'production',
    ...embeddedEnvironment(process.env),
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMITS: 'off',
    APOLLO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), join(ROOT, 'gateway', 'dist', 'embedded-main.js')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const gatewayUrl = `http://127.0.0.1:${ports.PORT}`;
  let files: { adminKey: string; gatewaySecret: string };
  try {
    await waitForReady(gatewayUrl, options.readyTimeoutMs ?? 60_000, child);
    files = {
      adminKey: readFileSync(join(dataDir, 'bootstrap-admin.key'), 'utf8').trim(),
      // The platform writes the file only when it is not given a secret.
      gatewaySecret:
        env.GATEWAY_TOKEN_SECRET || readFileSync(join(dataDir, 'gateway-token.secret'), 'utf8').trim(),
    };
  } catch (error) {
    // Never leave a platform running behind a failed start: a second one on this DATA_DIR is refused.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    throw error;
  }
  return {
    child,
    gatewayUrl,
    registryUrl: `http://127.0.0.1:${ports.REGISTRY_PORT}`,
    searchUrl: `http://127.0.0.1:${ports.SEARCH_PORT}`,
    dataDir,
    ...files,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
