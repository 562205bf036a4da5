// `npm test` (and `npm run test:slow` with --slow): one jest run over every package, results written as
// JSON, then the plain summary line CI reads: "N passed, N failed, N skipped".
// With --slow the run has two jest projects (jest.config.js): the slow suites, and the regular e2e suites
// once more in the distributed layout (one process per service on PostgreSQL + Redis); the summary line
// counts both.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { ROOT, assertNode, installIfNeeded, build } = require('./ensure-deps');

assertNode();
installIfNeeded();

const slow = process.argv.includes('--slow');
// The same rule as jest.config.js: CI must run the distributed layout; elsewhere it needs both services.
const distributed =
  slow && (process.env.CI === 'true' || Boolean(process.env.DATABASE_URL && process.env.REDIS_URL));
// Slow suites run the built platform as child processes (crash recovery), so they need a fresh build.
if (slow) build();
const passthrough = process.argv.slice(2).filter((arg) => arg !== '--slow');
const resultsDir = join(ROOT, '.test-results');
const outputFile = join(resultsDir, slow ? 'jest-slow.json' : 'jest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(outputFile, { force: true });

const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(
  process.execPath,
  [
    jest,
    '--json',
    `--outputFile=${outputFile}`,
    '--maxWorkers=2',
    ...(slow ? ['--passWithNoTests'] : []),
    ...passthrough,
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', MCPR_TEST_SLOW: slow ? '1' : '0' },
  },
);

if (!existsSync(outputFile)) {
  process.stdout.write('0 passed, 1 failed, 0 skipped\n');
  process.stderr.write(`jest wrote no results (exit ${result.status}).\n`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(outputFile, 'utf8'));
const passed = report.numPassedTests;
const failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
const skipped = report.numPendingTests + report.numTodoTests;
const skippedSuites = report.testResults
  .filter(
    (suite) =>
      suite.assertionResults.length > 0 && suite.assertionResults.every((t) => t.status === 'pending'),
  )
  .map((suite) => suite.name.replace(ROOT + '/', ''));
if (skippedSuites.length)
  process.stdout.write(`Skipped suites:\n${skippedSuites.map((s) => `  - ${s}`).join('\n')}\n`);
if (slow && !distributed) {
  process.stdout.write(
    'Skipped layouts:\n  - e2e suites in the distributed layout (DATABASE_URL and REDIS_URL not both set)\n',
  );
}
if (distributed) {
  const layouts = { slow: [0, 0, 0], 'e2e-distributed': [0, 0, 0] };
  for (const suite of report.testResults) {
    const counts = layouts[/\.slow\.test\.ts$/.test(suite.name) ? 'slow' : 'e2e-distributed'];
    // A suite that could not run (as numRuntimeErrorTestSuites in the total) counts as one failure.
    if (suite.status === 'failed' && suite.assertionResults.length === 0) counts[1] += 1;
    for (const test of suite.assertionResults) {
      counts[test.status === 'passed' ? 0 : test.status === 'failed' ? 1 : 2] += 1;
    }
  }
  // Worded unlike the summary line, which stays the only "N passed, N failed, N skipped" line.
  const parts = Object.entries(layouts).map(([name, [p, f, s]]) => `${name} ${p}/${f}/${s}`);
  process.stdout.write(`By project (passed/failed/skipped): ${parts.join(', ')}\n`);
}
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
// Nothing run is a failure for the main suite (a broken config must not look green).
if (failed > 0 || result.status !== 0 || (!slow && passed === 0)) process.exit(1);
