// Makes a fresh clone runnable with only Node 20 and npm: pnpm (through npx when it is not installed),
// dependencies from the lockfile, and a build when sources changed. No other tool is assumed.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const PNPM_VERSION = '10.34.9';

function assertNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 18)) {
    process.stderr.write(`MCP Registry needs Node.js 20.18 or newer (found ${process.versions.node}).\n`);
    process.exit(1);
  }
}

/** The command that runs pnpm: the installed one when it is the pinned version, else npx. */
function pnpmCommand() {
  try {
    const version = execFileSync('pnpm', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (version === PNPM_VERSION) return ['pnpm'];
  } catch {
    // not installed
  }
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', APOLLO_TELEMETRY_DISABLED: '1', ...extraEnv },
  });
  if (result.status !== 0) {
    process.stderr.write(`\n\`${[command, ...args].join(' ')}\` failed (exit ${result.status}).\n`);
    process.exit(result.status ?? 1);
  }
}

function pnpm(args, extraEnv) {
  const [command, ...prefix] = pnpmCommand();
  run(command, [...prefix, ...args], extraEnv);
}

function installIfNeeded() {
  const marker = join(ROOT, 'node_modules', '.modules.yaml');
  const lock = join(ROOT, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  process.stderr.write('Installing dependencies from the lockfile…\n');
  pnpm(['install', '--frozen-lockfile', '--prefer-offline']);
}

function build() {
  pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}

module.exports = { ROOT, assertNode, installIfNeeded, build, pnpm, run };

if (require.main === module) {
  assertNode();
  installIfNeeded();
}
