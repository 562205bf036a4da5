import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { parse, type OperationDefinitionNode } from 'graphql';
import { runCli } from '../src/main';
import type { Io } from '../src/config';

/** A stream that keeps what is written, optionally pretending to be a terminal. */
export class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  home?: string;
  env?: Record<string, string | undefined>;
  /** Lines typed on a terminal stdin (stdin is a TTY when given). */
  typed?: string[];
  stdinText?: string;
  ttyOut?: boolean;
  platform?: NodeJS.Platform;
}

/** Runs mcpm in this process with captured streams. */
export async function mcpm(argv: string[], options: RunOptions): Promise<RunResult> {
  const stdout = new Capture(options.ttyOut ?? false);
  const stderr = new Capture(options.ttyOut ?? false);
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (options.typed) {
    stdin.isTTY = true;
    // Answer each question as it is asked.
    let next = 0;
    const feed = () => {
      if (next < options.typed!.length) stdin.write(`${options.typed![next++]}\n`);
    };
    const original = stderr._write.bind(stderr);
    stderr._write = (chunk, encoding, callback) => {
      original(chunk, encoding, callback);
      if (/[:)] $/.test(chunk.toString())) setImmediate(feed);
    };
  } else {
    stdin.end(options.stdinText ?? '');
  }
  const home = options.home ?? options.cwd;
  const io: Io = {
    env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...options.env },
    cwd: options.cwd,
    homedir: home,
    platform: options.platform ?? 'linux',
    stdin,
    stdout,
    stderr,
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'mcpm-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

export interface FakeRequest {
  operation: string;
  variables: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export type FakeReply = { status?: number; body: unknown; headers?: Record<string, string> };

/** A stand-in registry: answers each GraphQL operation with what `reply` returns. */
export async function fakeRegistry(
  reply: (request: FakeRequest) => FakeReply | Promise<FakeReply>,
): Promise<{ url: string; requests: FakeRequest[]; close(): Promise<void> }> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
        const operation = parse(body.query).definitions.find(
          (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
        );
        const request = {
          operation: operation?.name?.value ?? '',
          variables: body.variables ?? {},
          headers: req.headers,
        };
        requests.push(request);
        const answer = await reply(request);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A well-formed key (right checksum) that no registry issued. */
export const WELL_FORMED_KEY = (() => {
  const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const body = 'A'.repeat(30);
  let crc = 0xffffffff;
  for (const byte of Buffer.from(body)) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  let rest = (crc ^ 0xffffffff) >>> 0;
  let sum = '';
  do {
    sum = BASE62[rest % 62] + sum;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return `mcpr_${body}${sum.padStart(6, '0')}`;
})();

/** A manifest with an npm package and two tools, valid for the registry. */
export function sampleManifest(name = 'io.github.acme/weather', version = '1.0.0'): Record<string, unknown> {
  return {
    name,
    description: 'Forecasts for any city',
    version,
    packages: [
      {
        registryType: 'npm',
        identifier: '@acme/weather-mcp',
        version,
        transport: { type: 'stdio' },
        environmentVariables: [{ name: 'WEATHER_API_KEY', isRequired: true, isSecret: true }],
      },
    ],
    remotes: [{ type: 'streamable-http', url: 'https://weather.acme.example.com/mcp' }],
    _meta: {
      'io.mcpr/publisher-provided': {
        tools: [
          {
            name: 'get_forecast',
            description: 'Forecast for a city',
            inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            annotations: { readOnlyHint: true },
          },
          { name: 'current_conditions', description: 'Current conditions', inputSchema: { type: 'object' } },
        ],
      },
    },
  };
}
