// Runs one of the platform's command-line entry points after making sure it is installed and built:
// `node scripts/run-built.js <dist file> [args…]` (used by `pnpm seed`, `migrate`, `admin:create-key`, …).
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { ROOT, assertNode, installIfNeeded, build } = require('./ensure-deps');

assertNode();
installIfNeeded();
build();
const [entry, ...args] = process.argv.slice(2);
const result = spawnSync(process.execPath, ['--enable-source-maps', join(ROOT, entry), ...args], {
  cwd: process.cwd(),
  stdio: 'inherit',
  env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' },
});
process.exit(result.status ?? 1);
