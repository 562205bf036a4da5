// `npm start`: install what is missing, build if needed, then run the whole platform in one process on
// embedded defaults (SQLite under DATA_DIR, in-process bus and search). Run with node directly, not turbo,
// so every environment variable reaches the platform.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { ROOT, assertNode, installIfNeeded, build } = require('./ensure-deps');

assertNode();
installIfNeeded();
build();

const child = spawn(
  process.execPath,
  ['--enable-source-maps', join(ROOT, 'gateway', 'dist', 'embedded-main.js')],
  {
    cwd: ROOT,
    stdio: 'inherit',
    // The platform's own config already defaults NODE_ENV to production (as the Dockerfile sets it); the
    // libraries read the variable itself, and without it graphql-js runs its development-mode checks on
    // every request (about 2 % of a search's main-thread CPU in a profile).
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production', APOLLO_TELEMETRY_DISABLED: '1' },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
